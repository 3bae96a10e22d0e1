/**
 * A survey model built with one page's questions first and the other pages loaded afterwards
 * (pages-later.ts) ends up the same as survey-core's model of the whole questionnaire: every
 * question of every definition version with every property it sets, its answer, its
 * visibility, number and place on its page, every matrix cell, and the survey's data, pages and
 * visible pages, with demo answers of several LAs. Loading pages never changes the answers.
 */
import { describe, expect, it } from "vitest";
import { JsonObject, Model, type SurveyModel } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { ensureSurveyFunctions } from "../../../server/domain/definitions/survey-runtime.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { generateDemoAnswers, seedOf, seededRng } from "../../../server/domain/demo/generate-demo-answers.ts";
import { LaterPages, withFirstPageOnly } from "../../../client/src/respondent/pages-later.ts";

ensureSurveyFunctions();
const versions = loadDefinitions().all();

/** As plain JSON: survey-core's array values carry their own functions, different per instance. */
function snapshot(m: SurveyModel): unknown {
  return JSON.parse(JSON.stringify({
    data: m.data,
    pages: m.pages.map((p) => ({ name: p.name, visible: p.isVisible, rows: p.rows.map((r) => r.elements.map((e) => e.name)) })),
    visiblePages: m.visiblePages.map((p) => p.name),
    questions: (m.getAllQuestions() as any[]).map((q) => ({
      json: new JsonObject().toJsonObject(q),
      page: q.page?.name,
      parent: q.parent?.name,
      value: q.value,
      comment: q.comment,
      visible: q.isVisible,
      no: q.no,
      visibleIndex: q.visibleIndex,
      readOnly: q.isReadOnly,
      required: q.isRequired,
      choices: q.visibleChoices?.map((c: any) => c.value),
      cells: q.visibleRows?.map((r: any) => r.cells?.map((c: any) => ({ value: c.question?.value, visible: c.question?.isVisible, readOnly: c.question?.isReadOnly }))),
    })),
  }));
}

function demoData(def: (typeof versions)[number], la: string, completeness: number): Record<string, unknown> {
  const rng = seededRng(seedOf(`pages-later:${la}`));
  return generateDemoAnswers(questionIndex(def), { rng, capability: rng(), completeness, laCode: la, laName: `Demo ${la}` });
}

describe("a survey model built a page first", () => {
  for (const def of versions) {
    const pages = (def.survey.pages as { name: string }[]).map((p) => p.name);
    it(`matches survey-core's whole model, v${def.version}`, () => {
      let built = 0;
      // a finished response opened on the first page, a part-answered one opened mid-way
      for (const [la, completeness, first] of [["E09000030", 1, pages[0]], ["E08000025", 0.4, pages[Math.floor(pages.length / 2)]]] as const) {
        const data = demoData(def, la, completeness);
        const whole = new Model(def.survey);
        whole.data = data;
        const split = withFirstPageOnly(def.survey as Record<string, unknown>, first);
        if (!split) continue;
        built++;
        const m = new Model(split.json);
        m.data = data;
        expect(m.getPageByName(first!).questions.length).toBe(whole.getPageByName(first!).questions.length);
        expect(m.getAllQuestions().length).toBeLessThan(whole.getAllQuestions().length);
        const prepared: string[] = [];
        const later = new LaterPages(m, split.later, (qs) => prepared.push(...qs.map((q) => q.name)));
        later.loadAll();
        expect(later.complete).toBe(true);
        expect(snapshot(m)).toEqual(snapshot(whole));
        // every loaded question was handed over for preparation, once
        const expected = whole.pages.filter((p) => p.name !== first).flatMap((p) => p.questions.map((q) => q.name));
        expect(prepared).toEqual(expected);
      }
      expect(built).toBe(2);
    });
  }

  it("loads the pages in steps, in page order, then says it is done; stopping stops it", async () => {
    const def = versions.at(-1)!;
    const names = (def.survey.pages as { name: string }[]).map((p) => p.name);
    const split = withFirstPageOnly(def.survey as Record<string, unknown>, names[3])!;
    const m = new Model(split.json);
    const order: string[] = [];
    const later = new LaterPages(m, split.later, (qs) => order.push(qs[0]?.page?.name ?? ""));
    await new Promise<void>((done) => later.inSteps(done));
    expect(order).toEqual(names.filter((n) => n !== names[3]));
    const again = withFirstPageOnly(def.survey as Record<string, unknown>, names[0])!;
    const m2 = new Model(again.json);
    const loaded: string[] = [];
    const stop = new LaterPages(m2, again.later, (qs) => loaded.push(qs[0]?.page?.name ?? "")).inSteps(() => loaded.push("done"));
    stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(loaded).toEqual([]);
  });

  it("builds whole a definition whose pages' questions could write answers or hide their page", () => {
    const page = (name: string, elements: unknown[]) => ({ name, elements });
    const q = (name: string, extra: Record<string, unknown> = {}) => ({ type: "text", name, ...extra });
    expect(withFirstPageOnly({ pages: [page("a", [q("x")]), page("b", [q("y")])] }, "a")).not.toBeNull();
    expect(withFirstPageOnly({ pages: [page("a", [q("x")]), page("b", [q("y", { defaultValue: 1 })])] }, "a")).toBeNull();
    expect(withFirstPageOnly({ pages: [page("a", [q("x")]), page("b", [q("y", { setValueExpression: "{x}" })])] }, "a")).toBeNull();
    expect(withFirstPageOnly({ pages: [page("a", [q("x")]), page("b", [q("y", { visibleIf: "{x} = 1" })])] }, "a")).toBeNull();
    expect(withFirstPageOnly({ pages: [page("a", [q("x")]), page("b", [q("y")])] }, "c")).toBeNull();
    expect(withFirstPageOnly({ pages: [page("a", [q("x")])] }, undefined)).toBeNull();
  });
});

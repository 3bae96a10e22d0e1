import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildQuestionnaire, estimateCompletion, type QuestionnaireSource } from "../../../server/domain/definitions/build-questionnaire.ts";
import { decodeResponse, encodeResponse } from "../../../server/domain/definitions/codebook.ts";
import { DEFINITIONS_DIR, loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { createSurveyModel } from "../../../server/domain/definitions/survey-runtime.ts";
import { ITEM_ASPECTS, itemQuestionName, type LoadedDefinition } from "../../../server/domain/definitions/types.ts";

const registry = loadDefinitions();

/** A complete, valid answer set built from the question index. */
function fullResponse(def: LoadedDefinition): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const q of Object.values(questionIndex(def))) {
    const plain = (q.choices ?? []).filter((c) => !c.special && c.value !== "dont_know");
    switch (q.type) {
      case "text":
        data[q.name] = q.inputType === "number" ? 3 : q.inputType === "email" ? "someone@example.gov.uk" : "Some text";
        break;
      case "comment":
        data[q.name] = "A comment";
        break;
      case "boolean":
        data[q.name] = true;
        break;
      case "checkbox":
        data[q.name] = plain.slice(0, 2).map((c) => c.value);
        break;
      case "matrix":
        data[q.name] = Object.fromEntries((q.rows ?? []).map((r) => [r.value, q.columns![0].name]));
        break;
      case "matrixdropdown":
        data[q.name] = Object.fromEntries((q.rows ?? []).map((r) => [r.value, Object.fromEntries((q.columns ?? []).map((c) => [c.name, c.choices![0].value]))]));
        break;
      default:
        if (plain.length > 0) data[q.name] = plain[0].value;
    }
  }
  data.cs_willing = "yes";
  data.cms_change_plans = "procuring";
  return data;
}

describe("loadDefinitions", () => {
  it("returns the highest published version as current, every version by number, all published with the hash in published.json", () => {
    const published = JSON.parse(readFileSync(join(DEFINITIONS_DIR, "published.json"), "utf8")) as Record<string, string>;
    const publishedVersions = Object.keys(published)
      .filter((k) => k.startsWith("la-data-audit@"))
      .map((k) => Number(k.split("@")[1]))
      .sort((a, b) => a - b);
    expect(publishedVersions.slice(0, 3)).toEqual([1, 2, 3]);
    const current = registry.current();
    expect(current.version).toBe(publishedVersions.at(-1));
    expect(registry.current("la-data-audit")).toBe(current);
    expect(registry.all().map((d) => `${d.surveyId}@${d.version}`)).toEqual(publishedVersions.map((v) => `la-data-audit@${v}`));
    for (const d of registry.all()) {
      expect(d.published).toBe(true);
      expect(d.hash).toBe(published[`${d.surveyId}@${d.version}`]);
      expect(d.title).toBe("Children's social care data capability audit");
    }
    expect(registry.get("la-data-audit", 1).mapping).toBeUndefined();
    for (const v of publishedVersions.slice(1)) expect(registry.get("la-data-audit", v).mapping).toMatchObject({ from: v - 1, to: v });
    expect(registry.find("la-data-audit", 9)).toBeUndefined();
    expect(() => registry.get("la-data-audit", 9)).toThrow(/la-data-audit@9/);
    expect(() => registry.current("other-survey")).toThrow(/No published version/);
    expect(loadDefinitions()).toBe(registry); // cached per process
  });
});

describe("the generated questionnaire", () => {
  const def = registry.current();
  const pages = def.survey.pages as { name: string; title: string; description?: string; elements: Record<string, any>[] }[];

  const source = JSON.parse(readFileSync(join(DEFINITIONS_DIR, `la-data-audit/v${def.version}/questionnaire.json`), "utf8")) as QuestionnaireSource;
  const choicesOf = (aspect: string) => Object.keys(source.itemPages.columns[aspect as keyof typeof source.itemPages.columns].choices);

  it("has one matrix page per outcome area for child-level items (four aspect columns) and one page per other item kind", () => {
    for (const area of def.catalogue.outcomeAreas) {
      const items = def.catalogue.dataItems.filter((d) => d.area === area.id && (d.kind ?? "child_record") === "child_record");
      const page = pages.find((p) => p.name === `p_items_${area.id}`);
      if (items.length === 0) {
        expect(page).toBeUndefined();
        continue;
      }
      expect(page!.title).toBe(area.name);
      const matrix = page!.elements.find((e) => e.name === itemQuestionName(area.id))!;
      expect(matrix.type).toBe("matrixdropdown");
      expect(matrix.rows.map((r: any) => r.value)).toEqual(items.map((d) => d.id));
      expect(matrix.columns.map((c: any) => c.name)).toEqual([...ITEM_ASPECTS]);
      for (const c of matrix.columns) expect(c.choices.map((x: any) => x.value)).toEqual(choicesOf(c.name));
      for (const r of matrix.rows) expect(matrix.description).toContain(r.text);
    }
    // statutory-return fields: only in-year extraction and history; aggregate figures: all four, in their own words
    const returns = pages.find((p) => p.name === "p_items_returns")!.elements[0];
    expect(returns.columns.map((c: any) => c.name)).toEqual(["extractable", "history"]);
    expect(returns.rows.map((r: any) => r.value)).toEqual(def.catalogue.dataItems.filter((d) => d.kind === "statutory_return").map((d) => d.id));
    const aggregate = pages.find((p) => p.name === "p_items_aggregate")!.elements[0];
    expect(aggregate.columns.map((c: any) => c.title)).toEqual([
      "Where is it held?",
      "Can the figure be produced for any period?",
      "How much does it cover?",
      "Years of history held",
    ]);
    expect(aggregate.rows.map((r: any) => r.value)).toEqual(expect.arrayContaining(["di_staff_survey", "di_spend_by_service", "di_vacancies", "di_caseloads"]));
    // hand-written sections around them, local outcomes first, case study last
    expect(pages[0].name).toBe("p_local_outcomes");
    expect(pages.at(-1)!.name).toBe("p_case_study");
  });

  it("tags every page with the role best placed to answer it", () => {
    for (const p of pages) expect(source.pageRoles?.[p.name], p.name).toBeDefined();
    for (const p of pages) expect(p.description ?? "", p.name).toMatch(/^Best answered by: /);
  });

  it("shows progress, a table of contents and the estimated time of the core, from the definition (35 minutes at most)", () => {
    expect(def.survey).toMatchObject({ showProgressBar: true, progressBarLocation: "aboveheader", showTOC: true });
    const e = estimateCompletion(source, def.catalogue);
    expect(e.coreMinutes).toBeLessThanOrEqual(35);
    expect(def.survey.description).toContain(`about ${e.coreMinutes} minutes`);
    expect(def.survey.description).toContain(`about ${e.totalMinutes - e.coreMinutes} minutes more`);
  });

  it("is deterministic", () => {
    const dir = join(DEFINITIONS_DIR, `la-data-audit/v${def.version}`);
    const q = JSON.parse(readFileSync(join(dir, "questionnaire.json"), "utf8")) as QuestionnaireSource;
    const cat = JSON.parse(readFileSync(join(dir, "catalogue.json"), "utf8"));
    expect(JSON.stringify(buildQuestionnaire(q, cat))).toBe(JSON.stringify(def.survey));
  });

  it("validates in survey-core: a full answer set passes; 'Don't know' with other tools, a missing 'recorded' and missing case-study contact fail", () => {
    const full = fullResponse(def);
    const ok = createSurveyModel(def.survey);
    ok.data = full;
    expect(ok.validate(true, false)).toBe(true);
    ok.dispose();

    const bad = createSurveyModel(def.survey);
    const items = structuredClone(full.items_safe) as Record<string, Record<string, string>>;
    delete items.di_exploitation_risk.recorded;
    bad.data = { ...full, bi_tools: ["power_bi", "dont_know"], items_safe: items, cs_contact_email: undefined };
    expect(bad.validate(true, false)).toBe(false);
    const failing = bad.getAllQuestions(false).filter((q) => q.errors.length > 0 || (q as any).hasErrors?.(false)).map((q) => q.name);
    expect(failing).toEqual(expect.arrayContaining(["bi_tools", "items_safe", "cs_contact_email"]));
    bad.dispose();
  });

  it("does not ask the other aspects of an item that is not recorded", () => {
    const full = fullResponse(def);
    const model = createSurveyModel(def.survey);
    model.data = { ...full, items_safe: { ...(full.items_safe as object), di_exploitation_risk: { recorded: "not_recorded" } } };
    expect(model.validate(true, false)).toBe(true);
    model.dispose();
  });

  it("v3 requires completeness wherever it is shown (structured / free text / other system), not for an item not recorded", () => {
    const v3 = registry.get("la-data-audit", 3);
    const full = fullResponse(v3);
    const items = full.items_safe as Record<string, Record<string, string>>;
    for (const recorded of ["structured", "other_system"]) {
      const model = createSurveyModel(v3.survey);
      const row: Record<string, string> = { ...items.di_referral_date, recorded };
      delete row.completeness;
      model.data = { ...full, items_safe: { ...items, di_referral_date: row } };
      expect(model.validate(true, false), recorded).toBe(false);
      expect(model.getAllQuestions(false).filter((q) => (q as any).hasErrors?.(false)).map((q) => q.name)).toEqual(["items_safe"]);
      model.dispose();
    }
    for (const row of [{ recorded: "not_recorded" }, { ...items.di_referral_date, history: undefined }]) {
      const model = createSurveyModel(v3.survey);
      model.data = { ...full, items_safe: { ...items, di_referral_date: row } };
      expect(model.validate(true, false), JSON.stringify(row)).toBe(true);
      model.dispose();
    }
    // v2 (published, unchanged) did not require it
    const v2 = registry.get("la-data-audit", 2);
    const full2 = fullResponse(v2);
    const items2 = full2.items_safe as Record<string, Record<string, string>>;
    const row2: Record<string, string> = { ...items2.di_referral_date };
    delete row2.completeness;
    const old = createSurveyModel(v2.survey);
    old.data = { ...full2, items_safe: { ...items2, di_referral_date: row2 } };
    expect(old.validate(true, false)).toBe(true);
    old.dispose();
  });

  it("round-trips a full response through the codebook", () => {
    const full = fullResponse(def);
    expect(decodeResponse(def.codebook, encodeResponse(def.codebook, full, "codes"))).toEqual(full);
  });
});

/**
 * The scoring properties and consistency checks against the real survey definitions
 * (survey-definitions/la-data-audit/v*), every version.
 */
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { ITEM_ASPECTS, itemMatrixName, type LoadedDefinition } from "../../../server/domain/definitions/types.ts";
import { checkRulesOrder } from "../../../server/domain/scoring/rules-order.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";
import { checkScoringProperties } from "./scoring-property-checks.ts";

type El = { name?: string; type?: string; showOtherItem?: boolean; showNoneItem?: boolean; elements?: El[]; templateElements?: El[]; rows?: unknown[]; columns?: { name: string }[]; choices?: unknown[] };

function questions(def: LoadedDefinition): Map<string, El> {
  const out = new Map<string, El>();
  const walk = (els: El[] | undefined) => {
    for (const el of els ?? []) {
      if (el.name && el.type && el.type !== "panel") out.set(el.name, el);
      walk(el.elements);
      walk(el.templateElements);
    }
  };
  walk((def.survey.pages ?? []) as El[]);
  return out;
}

function rowValues(el: El): string[] {
  return (el.rows ?? []).map((r) => (typeof r === "object" && r !== null ? String((r as { value: unknown }).value) : String(r)));
}

const definitions = loadDefinitions().all();

describe("real survey definitions", () => {
  it("exist", () => {
    expect(definitions.length).toBeGreaterThan(0);
  });

  for (const def of definitions) {
    describe(`${def.surveyId} v${def.version}`, () => {
      it("has consistent rules: a higher-points answer is never capped lower", () => {
        expect(checkRulesOrder(def.rules)).toEqual([]);
      });

      it("asks every data item the rules score, in the matrix scoring reads", () => {
        const qs = questions(def);
        for (const item of def.catalogue.dataItems) {
          const m = qs.get(itemMatrixName(item));
          expect(m, `matrix ${itemMatrixName(item)}`).toBeDefined();
          expect(rowValues(m!), `row ${item.id} in ${itemMatrixName(item)}`).toContain(item.id);
          // every aspect is asked, or (statutory-return fields) taken as given by the rules
          const implied = def.rules.item.impliedAnswers?.[item.kind ?? "child_record"]?.answers ?? {};
          for (const aspect of ITEM_ASPECTS) {
            if (!(aspect in implied)) expect(m!.columns?.map((c) => c.name), `${item.id} ${aspect}`).toContain(aspect);
          }
        }
      });

      it("gives points for every aspect choice (null only for don't know)", () => {
        const columns = new Map<string, string[]>();
        for (const el of questions(def).values()) {
          for (const c of (el.columns ?? []) as { name: string; choices?: { value: string }[] }[]) {
            if ((ITEM_ASPECTS as readonly string[]).includes(c.name) && c.choices) columns.set(c.name, c.choices.map((x) => x.value));
          }
        }
        for (const aspect of ITEM_ASPECTS) {
          expect(columns.get(aspect), aspect).toBeDefined();
          for (const value of columns.get(aspect)!) {
            expect(Object.keys(def.rules.item.aspects[aspect].points), `${aspect}.${value}`).toContain(value);
            if (value !== "dont_know") expect(def.rules.item.aspects[aspect].points[value], `${aspect}.${value}`).not.toBeNull();
          }
        }
      });

      it("scores capability from questions that exist in the questionnaire", () => {
        const qs = questions(def);
        for (const dim of def.rules.capability.dimensions) {
          for (const q of dim.questions) {
            const el = qs.get(q.question);
            expect(el, `${dim.id}: ${q.question}`).toBeDefined();
            const choices = (el!.choices ?? []).map((c) => (typeof c === "object" && c !== null ? String((c as { value: unknown }).value) : String(c)));
            if (el!.showOtherItem) choices.push("other");
            if (el!.showNoneItem) choices.push("none");
            for (const value of Object.keys(q.points)) expect(choices, `${q.question}: choice ${value}`).toContain(value);
          }
        }
      });

      it("scores a fully and well answered response as ready now everywhere", () => {
        const data: Record<string, Record<string, Record<string, string>>> = {};
        for (const item of def.catalogue.dataItems) {
          (data[itemMatrixName(item)] ??= {})[item.id] = { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" };
        }
        const r = scoreResponse({ catalogue: def.catalogue, rules: def.rules, data });
        expect(r.indicators.filter((i) => i.band !== "ready_now").map((i) => i.indicatorId)).toEqual([]);
        expect(r.items.every((i) => i.score === 100)).toBe(true);
      });

      it("scores an empty response as not enough information everywhere, with reasons", () => {
        const r = scoreResponse({ catalogue: def.catalogue, rules: def.rules, data: {} });
        expect(r.indicators.every((i) => i.band === "not_enough_information" && i.steps.length > 0)).toBe(true);
        expect(r.capability.summary.band).toBe("unknown");
      });

      checkScoringProperties(() => ({ catalogue: def.catalogue, rules: def.rules }), { numRuns: 60 });
    });
  }
});

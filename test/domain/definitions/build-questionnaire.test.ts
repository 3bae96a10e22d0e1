import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire, type QuestionnaireSource } from "../../../server/domain/definitions/build-questionnaire.ts";
import { DEFINITIONS_DIR, loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import type { Catalogue } from "../../../server/domain/definitions/types.ts";

function readVersion(version: number): { questionnaire: QuestionnaireSource; catalogue: Catalogue } {
  const dir = join(DEFINITIONS_DIR, `la-data-audit/v${version}`);
  return {
    questionnaire: JSON.parse(readFileSync(join(dir, "questionnaire.json"), "utf8")) as QuestionnaireSource,
    catalogue: JSON.parse(readFileSync(join(dir, "catalogue.json"), "utf8")) as Catalogue,
  };
}

function surveyHash(version: number): string {
  const { questionnaire, catalogue } = readVersion(version);
  // JSON.stringify keeps key order: any change in what respondents are served (text, order, rules) shows.
  return createHash("sha256").update(JSON.stringify(buildQuestionnaire(questionnaire, catalogue))).digest("hex");
}

type Column = { name: string; isRequired?: boolean; visibleIf?: string };

function itemColumns(version: number): Column[][] {
  const survey = loadDefinitions().get("la-data-audit", version).survey;
  const matrices: Column[][] = [];
  for (const page of survey.pages as { elements?: { type: string; name: string; columns?: Column[] }[] }[]) {
    for (const el of page.elements ?? []) if (el.type === "matrixdropdown" && el.name.startsWith("items_")) matrices.push(el.columns ?? []);
  }
  return matrices;
}

describe("buildQuestionnaire on the published versions", () => {
  // Snapshots taken before v3 was added (builder unchanged since): respondents on v1/v2 keep the exact survey.
  it("generates the same SurveyJS JSON for v1 and v2 as when they were published", () => {
    expect(surveyHash(1)).toBe("fdab78656752435a890e73fd0f0b9b24fc2aab8502afe88743d189da71db3c5d");
    expect(surveyHash(2)).toBe("caea3121ce24a7355c5b5ad777ad6810a3d08c144109d93cc9f2b57ce8d5f577");
  });

  it("v1 and v2 require recorded and extractable only; v3 also requires completeness when it is shown", () => {
    const required = (v: number) =>
      itemColumns(v).map((cols) => cols.filter((c) => c.isRequired === true).map((c) => c.name));
    for (const v of [1, 2]) {
      expect(itemColumns(v).length).toBeGreaterThan(5);
      for (const names of required(v)) expect(names).toEqual(["recorded", "extractable"]);
    }
    expect(itemColumns(3).length).toBeGreaterThan(5);
    for (const names of required(3)) expect(names).toEqual(["recorded", "extractable", "completeness"]);
    for (const cols of itemColumns(3)) {
      const completeness = cols.find((c) => c.name === "completeness")!;
      // required only where visible: hidden for not recorded / don't know
      expect(completeness.visibleIf).toBe("{row.recorded} anyof ['structured', 'free_text', 'other_system']");
      expect(cols.find((c) => c.name === "history")!.isRequired).toBeUndefined();
    }
  });
});

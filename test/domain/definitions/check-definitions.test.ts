import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDefinitions, type CheckError } from "../../../server/domain/definitions/check-definitions.ts";
import { DEFINITIONS_DIR, readDefinitionsDir, type DefinitionsInput, type RawVersion } from "../../../server/domain/definitions/load-definitions.ts";

const pristine = readDefinitionsDir();

function planted(mutate: (input: DefinitionsInput, v: (n: number) => RawVersion) => void): CheckError[] {
  const input = structuredClone(pristine);
  const v = (n: number) => input.versions.find((x) => x.surveyId === "la-data-audit" && x.version === n)!;
  mutate(input, v);
  return checkDefinitions(input, { skipPublishedHashFor: ["la-data-audit@1", "la-data-audit@2"] });
}

/** the page element with this name in a version's questionnaire.json */
function element(v: RawVersion, name: string): Record<string, any> {
  for (const page of (v.questionnaire as any).pages) {
    const el = page.elements.find((e: any) => e.name === name);
    if (el) return el;
  }
  throw new Error(`no element ${name}`);
}

function expectError(errors: CheckError[], file: string, element: RegExp | string, message: RegExp) {
  const hit = errors.find(
    (e) => e.file === file && (typeof element === "string" ? e.element === element : element.test(e.element)) && message.test(e.message),
  );
  expect(hit, `expected an error in ${file} at ${element} matching ${message}; got:\n${errors.map((e) => `${e.file}: ${e.element}: ${e.message}`).join("\n")}`).toBeTruthy();
}

describe("checkDefinitions on the real survey-definitions/", () => {
  it("finds no errors, including published hashes", () => {
    expect(checkDefinitions(pristine)).toEqual([]);
  });

  it("covers the content the issue asks for", () => {
    const v1 = pristine.versions.find((v) => v.version === 1)!;
    const cat = v1.catalogue as any;
    expect(cat.indicators.length).toBeGreaterThanOrEqual(35);
    expect(cat.dataItems.length).toBeGreaterThanOrEqual(40);
    expect(cat.dataItems.length).toBeLessThanOrEqual(60);
    const areas = cat.outcomeAreas.map((a: any) => a.id);
    for (const a of areas) expect(cat.indicators.some((i: any) => i.outcomeArea === a), a).toBe(true);
    for (const p of ["children_in_need", "child_protection", "looked_after", "care_leavers", "families", "workforce"]) {
      expect(cat.indicators.some((i: any) => i.population === p), p).toBe(true);
    }
    expect(cat.indicators.some((i: any) => i.collectedNationally)).toBe(true);
    expect(cat.indicators.some((i: any) => !i.collectedNationally)).toBe(true);
    for (const r of ["CIN", "SSDA903", "CSWW"]) expect(cat.indicators.some((i: any) => i.nationalReturn.includes(r)), r).toBe(true);
  });
});

describe("checkDefinitions catches planted mistakes", () => {
  it("catalogue schema: a missing field and a bad polarity", () => {
    const errors = planted((_, v) => {
      const cat = v(2).catalogue as any;
      delete cat.dataItems[0].description;
      cat.indicators[1].polarity = "up_is_good";
    });
    expectError(errors, "la-data-audit/v2/catalogue.json", "/dataItems/0", /description/);
    expectError(errors, "la-data-audit/v2/catalogue.json", "/indicators/1/polarity", /schema/);
  });

  it("rules schema: an unknown band id", () => {
    const errors = planted((_, v) => {
      (v(2).rules as any).bands[0].id = "ready";
    });
    expectError(errors, "la-data-audit/v2/rules.json", "/bands/0/id", /schema/);
  });

  it("a file that is not valid JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "defs-"));
    try {
      cpSync(DEFINITIONS_DIR, dir, { recursive: true });
      writeFileSync(join(dir, "la-data-audit/v2/rules.json"), "{ not json");
      const errors = checkDefinitions(readDefinitionsDir(dir));
      expectError(errors, "la-data-audit/v2/rules.json", "(file)", /cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an element type survey-core does not know (it would silently drop the question)", () => {
    const errors = planted((_, v) => {
      element(v(2), "cms_early_help").type = "radiogrup";
    });
    expectError(errors, "la-data-audit/v2/questionnaire.json", "question cms_early_help", /unknown element type "radiogrup"/);
  });

  it("an invalid enumerated property such as progressBarLocation", () => {
    const errors = planted((_, v) => {
      (v(2).questionnaire as any).settings.progressBarLocation = "top";
    });
    expectError(errors, "la-data-audit/v2/questionnaire.json", "survey settings", /progressBarLocation "top".*aboveheader/);
  });

  it("a misspelt property that survey-core would silently ignore", () => {
    const errors = planted((_, v) => {
      const el = element(v(2), "cms_new_product");
      el.visibleif = el.visibleIf;
      delete el.visibleIf;
    });
    expectError(errors, "la-data-audit/v2/questionnaire.json", "question cms_new_product", /Unknown property in class 'dropdown': 'visibleif'/);
  });

  it("ordinal: true is a known property on questions and matrix columns, but only on a scale of choices", () => {
    const accepted = planted((_, v) => {
      element(v(3), "cap_skills").ordinal = true;
      element(v(3), "cms_procurement_year").ordinal = true;
      (v(3).questionnaire as any).itemPages.columns.recorded.ordinal = false;
    });
    expect(accepted.filter((e) => /ordinal/.test(`${e.element} ${e.message}`))).toEqual([]);
    const errors = planted((_, v) => {
      element(v(3), "cap_analyst_vacancies").ordinal = true;
    });
    expectError(errors, "la-data-audit/v3/questionnaire.json", "question cap_analyst_vacancies", /ordinal: true needs choices/);
  });

  it("expressions: unknown variable and unregistered function (validateExpressions)", () => {
    const errors = planted((_, v) => {
      element(v(2), "cms_new_product").visibleIf = "{cms_change_plan} anyof ['procuring']";
      element(v(2), "bi_tools").validators[0].expression = "exclusiveChoise({bi_tools}, 'dont_know')";
    });
    expectError(errors, "la-data-audit/v2/questionnaire.json", /question cms_new_product visibleIf/, /unknown variable "\{cms_change_plan\}"/);
    expectError(errors, "la-data-audit/v2/questionnaire.json", /question bi_tools/, /unknown function "exclusiveChoise"/);
  });

  it("a condition comparing a question with a value that is not one of its choices", () => {
    const errors = planted((_, v) => {
      element(v(2), "cms_new_product").visibleIf = "{cms_change_plans} anyof ['procuring', 'tendering']";
    });
    expectError(errors, "la-data-audit/v2/questionnaire.json", "question cms_new_product", /"tendering", which is not one of its choices/);
  });

  it("duplicate question names, including a clash with a generated matrix", () => {
    const errors = planted((_, v) => {
      element(v(2), "resp_job_title").name = "resp_name";
      element(v(2), "link_example").name = "items_safe";
    });
    expectError(errors, "la-data-audit/v2/questionnaire.json", "question resp_name", /duplicate question name/);
    expectError(errors, "la-data-audit/v2/catalogue.json", "question items_safe", /duplicate question name/);
  });

  it("a data item with no matrix row, and an indicator using a data item that does not exist", () => {
    const errors = planted((_, v) => {
      const cat = v(2).catalogue as any;
      cat.dataItems.find((d: any) => d.id === "di_upn").area = "educaton";
      cat.indicators.find((i: any) => i.id === "ind_repeat_cpp").dataItems.push({ id: "di_cpp_previous", required: false });
    });
    expectError(errors, "la-data-audit/v2/catalogue.json", "dataItems di_upn", /has no row in a matrix "items_educaton"/);
    expectError(errors, "la-data-audit/v2/catalogue.json", "indicators ind_repeat_cpp", /data item "di_cpp_previous" does not exist/);
  });

  it("rules referencing a missing question, a missing choice value or a value outside ASPECT_CHOICES", () => {
    const errors = planted((_, v) => {
      const rules = v(2).rules as any;
      rules.capability.dimensions[0].questions[0].question = "gov_dq_routines";
      rules.capability.dimensions[1].questions[0].points.warehouse = 50;
      rules.item.gates[0].values = ["not_held"];
      rules.item.aspects.history.points.y10_plus = 100;
    });
    expectError(errors, "la-data-audit/v2/rules.json", /capability.dimensions data questions\[0\] gov_dq_routines/, /does not exist in the questionnaire/);
    expectError(errors, "la-data-audit/v2/rules.json", /capability.dimensions tools_systems questions\[0\] dw_exists/, /"warehouse" is not a choice value/);
    expectError(errors, "la-data-audit/v2/rules.json", "item.gates[0]", /"not_held" is not a choice of recorded/);
    expectError(errors, "la-data-audit/v2/rules.json", "item.aspects.history.points", /"y10_plus" is not a choice of history/);
  });

  it("a published version whose files changed", () => {
    const input = structuredClone(pristine);
    (input.versions.find((v) => v.version === 1)!.catalogue as any).indicators[0].name = "Re-referrals (edited)";
    const errors = checkDefinitions(input);
    expectError(errors, "la-data-audit/v1/", "la-data-audit@1", /published version changed/);
    expect(errors.some((e) => e.element === "la-data-audit@2")).toBe(false);
  });

  it("incomplete mappings: a removed question neither mapped nor dropped, a bad target, an unmapped value and row", () => {
    const errors = planted((_, v) => {
      const mapping = v(2).mapping as any;
      delete mapping.questions.resp_years_in_role;
      mapping.questions.cms_procured_year = { to: "cms_procurement_yr" };
      delete mapping.questions.dw_exists;
      delete mapping.rows.items_health;
    });
    const f = "la-data-audit/v2/mapping.json";
    expectError(errors, f, "questions.resp_years_in_role", /not in v2: map it to a new question or drop it with a reason/);
    expectError(errors, f, "questions.cms_procured_year", /maps to "cms_procurement_yr", which is not a question of v2/);
    expectError(errors, f, "questions.dw_exists", /choice "reporting_db_only" has no counterpart/);
    expectError(errors, f, "rows.items_health.di_wellbeing_measure", /no counterpart in v2/);
  });

  it("a drop without a reason, and a v2 folder without mapping.json", () => {
    const noReason = planted((_, v) => {
      (v(2).mapping as any).questions.resp_years_in_role = { drop: true, reason: "" };
    });
    expectError(noReason, "la-data-audit/v2/mapping.json", /questions\/resp_years_in_role/, /schema/);
    const noMapping = planted((_, v) => {
      delete v(2).mapping;
    });
    expectError(noMapping, "la-data-audit/v2/mapping.json", "(file)", /needs a mapping.json from v1/);
  });
});

describe("npm run definitions:check", () => {
  it("exits 0 on the real definitions and non-zero, printing errors, on a broken copy", () => {
    const script = join(DEFINITIONS_DIR, "../scripts/check-definitions.ts");
    const tsx = join(DEFINITIONS_DIR, "../node_modules/.bin/tsx");
    expect(execFileSync(tsx, [script], { encoding: "utf8" })).toMatch(/survey definitions OK: la-data-audit@1 \(published\), la-data-audit@2 \(published\)/);

    const dir = mkdtempSync(join(tmpdir(), "defs-"));
    try {
      cpSync(DEFINITIONS_DIR, dir, { recursive: true });
      const p = join(dir, "la-data-audit/v2/questionnaire.json");
      writeFileSync(p, readFileSync(p, "utf8").replace('"progressBarLocation": "aboveheader"', '"progressBarLocation": "top"'));
      let failed: { status: number; stderr: string } | undefined;
      try {
        execFileSync(tsx, [script, "--dir", dir], { encoding: "utf8", stdio: "pipe" });
      } catch (err) {
        failed = err as { status: number; stderr: string };
      }
      expect(failed?.status).toBe(1);
      expect(failed?.stderr).toMatch(/la-data-audit\/v2\/questionnaire.json: survey settings: progressBarLocation "top"/);
      // the edited published version is reported as changed too
      expect(failed?.stderr).toMatch(/la-data-audit@2: published version changed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("--publish records a new version's hash and refuses to re-publish a changed version", () => {
    const dir = mkdtempSync(join(tmpdir(), "defs-"));
    const script = join(DEFINITIONS_DIR, "../scripts/check-definitions.ts");
    const tsx = join(DEFINITIONS_DIR, "../node_modules/.bin/tsx");
    try {
      cpSync(DEFINITIONS_DIR, dir, { recursive: true });
      const published = JSON.parse(readFileSync(join(dir, "published.json"), "utf8"));
      delete published["la-data-audit@2"];
      writeFileSync(join(dir, "published.json"), JSON.stringify(published));
      const out = execFileSync(tsx, [script, "--dir", dir, "--publish", "la-data-audit@2"], { encoding: "utf8" });
      expect(out).toMatch(/published la-data-audit@2: [0-9a-f]{64}/);
      const after = JSON.parse(readFileSync(join(dir, "published.json"), "utf8"));
      expect(after["la-data-audit@2"]).toBe(JSON.parse(readFileSync(join(DEFINITIONS_DIR, "published.json"), "utf8"))["la-data-audit@2"]);

      const p = join(dir, "la-data-audit/v2/rules.json");
      writeFileSync(p, readFileSync(p, "utf8").replace('"label": "Ready now"', '"label": "Ready"'));
      let status = 0;
      try {
        execFileSync(tsx, [script, "--dir", dir, "--publish", "la-data-audit@2"], { encoding: "utf8", stdio: "pipe" });
      } catch (err) {
        status = (err as { status: number }).status;
      }
      expect(status).toBe(1);
      expect(JSON.parse(readFileSync(join(dir, "published.json"), "utf8"))["la-data-audit@2"]).toBe(after["la-data-audit@2"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

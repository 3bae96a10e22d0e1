import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { migrateResponse } from "../../../server/domain/definitions/migrate-response.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { generateDemoAnswers, seedOf, seededRng } from "../../../server/domain/demo/generate-demo-answers.ts";
import type { VersionMapping } from "../../../server/domain/definitions/types.ts";

const registry = loadDefinitions();
const v3 = registry.get("la-data-audit", 3);
const v4 = registry.get("la-data-audit", 4);
const mapping = v4.mapping as VersionMapping;
const v3Index = questionIndex(v3.survey);
const v4Index = questionIndex(v4.survey);

/** Demo responses as the demo loader makes them, answered on v3 (all 153 LAs' seeds, finished and part-finished). */
function demoResponsesOnV3(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 153; i++) {
    const rng = seededRng(seedOf(`demo:E${String(i).padStart(8, "0")}`));
    out.push(
      generateDemoAnswers(v3Index, { rng, capability: rng(), completeness: i % 3 === 0 ? 0.5 : 1, laCode: `E${i}`, laName: `Demo LA ${i}` }),
    );
  }
  return out;
}

/** Where an old row of a matrix is carried in v4: [matrix, row] pairs. */
function rowTargets(oldQ: string, row: string): [string, string][] {
  const m = mapping.questions[oldQ];
  const carriedQ = m && "to" in m ? m.to : oldQ;
  const given = mapping.rows?.[oldQ]?.[row] ?? row;
  return (Array.isArray(given) ? given : [given]).map((t) => (t.includes(".") ? (t.split(".", 2) as [string, string]) : [carriedQ, t]));
}

describe("mapping v3 -> v4 on every demo response", () => {
  const responses = demoResponsesOnV3();

  it("accounts for every v3 answer: carried to its v4 place with the same value, or listed with a reason", () => {
    let carried = 0;
    let listed = 0;
    for (const data of responses) {
      const { data: out, report } = migrateResponse(data, mapping, v3, v4);
      const dropped = new Set(report.dropped.map((d) => d.question));
      const unmapped = new Map(report.unmapped.map((u) => [u.question, u]));
      for (const u of report.unmapped) expect(u.reason.length, u.question).toBeGreaterThan(10);
      for (const [key, value] of Object.entries(data)) {
        if (dropped.has(key)) {
          listed++;
          continue;
        }
        const m = mapping.questions[key];
        const q = v3Index[key];
        if (q && q.type === "matrixdropdown") {
          for (const [row, cells] of Object.entries(value as Record<string, Record<string, unknown>>)) {
            for (const [col, cell] of Object.entries(cells)) {
              for (const [matrix, newRow] of rowTargets(key, row)) {
                const got = (out[matrix] as Record<string, Record<string, unknown>> | undefined)?.[newRow]?.[col];
                if (got !== undefined) {
                  expect(got, `${key}.${row}.${col} -> ${matrix}.${newRow}`).toBe(cell);
                  carried++;
                } else {
                  expect(unmapped.has(`${key}.${row}.${col}`), `${key}.${row}.${col} is neither carried nor listed`).toBe(true);
                  listed++;
                }
              }
            }
          }
          continue;
        }
        const targets = m && "to" in m ? [m.to, ...(m.alsoTo ?? [])] : [key];
        for (const t of targets) {
          if (Array.isArray(value)) {
            for (const v of value) {
              const here = (out[t] as unknown[] | undefined)?.includes(m && "to" in m ? (m.values?.[String(v)] ?? v) : v);
              if (here) carried++;
              else {
                expect(report.unmapped.some((u) => u.question === key && u.value === v), `${key}: ${String(v)} is neither carried nor listed`).toBe(true);
                listed++;
              }
            }
          } else if (out[t] !== undefined) {
            expect(JSON.stringify(out[t]), `${key} -> ${t}`).toBe(JSON.stringify(m && "to" in m && m.values && typeof value === "string" ? (m.values[value] ?? value) : value));
            carried++;
          } else {
            expect(unmapped.has(key), `${key} is neither carried nor listed`).toBe(true);
            listed++;
          }
        }
      }
    }
    expect(carried).toBeGreaterThan(listed);
  });

  it("writes only v4 questions, rows, columns and choices", () => {
    for (const data of responses) {
      const { data: out } = migrateResponse(data, mapping, v3, v4);
      for (const [key, value] of Object.entries(out)) {
        const q = v4Index[key.replace(/-Comment$/, "")];
        expect(q, key).toBeDefined();
        if (q!.type === "matrixdropdown") {
          for (const [row, cells] of Object.entries(value as Record<string, Record<string, unknown>>)) {
            expect(q!.rows!.map((r) => String(r.value)), `${key} row`).toContain(row);
            for (const [col, cell] of Object.entries(cells)) {
              const column = q!.columns!.find((c) => c.name === col);
              expect(column, `${key}.${row}.${col}`).toBeDefined();
              if (column!.choices) expect(column!.choices.map((c) => String(c.value)), `${key}.${row}.${col}`).toContain(String(cell));
            }
          }
        }
      }
    }
  });

  it("lists what cannot carry, with its reason: the About-you answers, complaints as a feedback method, and what v4 no longer asks of statutory-return fields", () => {
    const reasons = new Set<string>();
    const paths = new Set<string>();
    for (const data of responses) {
      const { report } = migrateResponse(data, mapping, v3, v4);
      for (const d of report.dropped) reasons.add(`${d.question}: ${d.reason}`);
      for (const u of report.unmapped) paths.add(u.question.replace(/\.di_[a-z0-9_]+\./, ".<item>."));
    }
    expect([...reasons].some((r) => r.startsWith("resp_name: now recorded per contributor"))).toBe(true);
    expect([...reasons].some((r) => r.startsWith("resp_email: now recorded per contributor"))).toBe(true);
    // statutory-return fields: recorded and completeness are taken from the return, so not asked
    expect(paths).toContain("items_safe.<item>.recorded");
    expect(paths).toContain("items_safe.<item>.completeness");
  });

  it("copies a split item's answers to each part and moves statutory-return fields to their own page", () => {
    const data = {
      items_health: { di_immunisation_dental: { recorded: "structured", extractable: "yes", completeness: "c75_89", history: "y3_4" } },
      items_enabler_workforce: { di_supervision_dates: { recorded: "free_text", extractable: "partly", completeness: "c50_74", history: "y1_2" } },
      items_enabler_reach: { di_contacts: { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" } },
    };
    const { data: out, report } = migrateResponse(data, mapping, v3, v4);
    expect(out.items_returns).toEqual({ di_immunisations: { extractable: "yes", history: "y3_4" }, di_dental_checks: { extractable: "yes", history: "y3_4" } });
    expect(out.items_enabler_workforce).toEqual({
      di_case_supervision: { recorded: "free_text", extractable: "partly", completeness: "c50_74", history: "y1_2" },
      di_reflective_superv: { recorded: "free_text", extractable: "partly", completeness: "c50_74", history: "y1_2" },
    });
    expect(out.items_help).toEqual({ di_contacts: { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" } });
    expect(report.unmapped.map((u) => u.question).sort()).toEqual([
      "items_health.di_immunisation_dental.completeness",
      "items_health.di_immunisation_dental.completeness",
      "items_health.di_immunisation_dental.recorded",
      "items_health.di_immunisation_dental.recorded",
    ]);
  });

  it("copies a double-barrelled answer to both halves and lists the v3 'other system' answer, which v4 splits", () => {
    const { data: out, report } = migrateResponse(
      { use_data_discussed: "routinely", items_family: { di_family_goals: { recorded: "other_system", extractable: "yes" } } },
      mapping,
      v3,
      v4,
    );
    expect(out.use_data_team_meetings).toBe("routinely");
    expect(out.use_data_supervision).toBe("routinely");
    expect(out.items_family).toEqual({ di_family_goals: { extractable: "yes" } });
    expect(report.unmapped).toEqual([
      { question: "items_family.di_family_goals.recorded", value: "other_system", reason: expect.stringMatching(/not a choice of column "recorded" in v4/) },
    ]);
  });
});

/**
 * Random responses for submit-validation tests: each answerable field of a definition is answered,
 * left out or given an edge value (blank text, "Other" without its text, a number out of range,
 * an invalid e-mail, an empty matrix row) in proportions that vary per response, so that complete,
 * nearly complete and sparse responses, hidden answers and every kind of error all occur.
 * Values keep the shapes autosave accepts (the data has passed checkData before submit).
 */
import type { ResponseStructure } from "../../server/domain/responses/structure.ts";
import { answerFields, randomValue } from "./answer-fields.ts";

const EDGE_TEXT = ["   ", "not-an-email", "someone@example.org", "a@b", "x"];
const EDGE_NUMBERS = [-5, 0, 1, 17, 99, 100, 101, 5000, 1e9];

function pick<T>(xs: readonly T[], rand: () => number): T {
  return xs[Math.floor(rand() * xs.length)];
}

export function randomSubmitResponse(structure: ResponseStructure, rand: () => number, tag: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  // a third are complete (every field, every cell, one choice per checkbox): mostly valid submits
  const complete = rand() < 0.35;
  const answerRate = complete ? 1 : pick([0.15, 0.5, 0.85, 0.97, 1], rand);
  const edgeRate = complete ? 0 : pick([0, 0.03, 0.15], rand);
  for (const f of answerFields(structure)) {
    if (rand() > answerRate) continue;
    let value: unknown = randomValue(f.spec, rand, tag);
    if (complete && f.spec.kind === "object") {
      value = Object.fromEntries(Object.entries(f.spec.fields).map(([k, s]) => [k, randomValue(s, rand, tag)]));
    }
    if (complete && f.spec.kind === "choices") value = [pick(f.spec.choices, rand)];
    // complete answers look like a careful respondent's: e-mail addresses, small counts, consent given
    if (complete && f.spec.kind === "string_or_number") value = Math.floor(rand() * 20);
    if (complete && /email/.test(f.key) && typeof value === "number") value = `someone.${tag}@example.org`;
    if (complete && /email/.test(f.key) && f.spec.kind === "string") value = `someone.${tag}@example.org`;
    if (complete && /consent/.test(f.key) && f.spec.kind === "boolean") value = true;
    if (rand() < edgeRate) {
      if (f.spec.kind === "string" || f.spec.kind === "string_or_number") value = pick(EDGE_TEXT, rand);
      if (f.spec.kind === "string_or_number" && rand() < 0.6) value = pick(EDGE_NUMBERS, rand);
      if (f.spec.kind === "object") {
        // a row with only some cells, or a single cell
        const fields = Object.keys(f.spec.fields);
        const one = pick(fields, rand);
        value = { [one]: randomValue(f.spec.fields[one], rand, tag) };
      }
      if (f.spec.kind === "choices" && f.spec.choices.length > 1) value = f.spec.choices.filter(() => rand() < 0.7);
      if (f.spec.kind === "choices" && (value as unknown[]).length === 0) value = [f.spec.choices[0]];
    }
    const dot = f.key === f.question ? -1 : f.key.indexOf(".", f.question.length);
    if (dot === f.question.length) {
      ((data[f.question] ??= {}) as Record<string, unknown>)[f.key.slice(dot + 1)] = value;
    } else {
      data[f.key] = value;
    }
  }
  return data;
}

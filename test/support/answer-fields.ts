/**
 * The answerable fields of a compiled response structure (a question, a question's comment, or one
 * matrix row; the keys PATCH /api/respondent/response accepts), and random valid values for them.
 * Used by the fieldwork simulation, the autosave benchmark and the fault / fuzz tests.
 */
import type { ResponseStructure, ValueSpec } from "../../server/domain/responses/structure.ts";
import { mulberry32 } from "../../server/lib/seeded-random.ts";

export interface AnswerField {
  key: string; // change key: "q", "q-Comment" or "matrix.row"
  question: string;
  spec: ValueSpec; // value shape of this field (for a comment: string)
}

/** Every writable field, in definition order. */
export function answerFields(structure: ResponseStructure): AnswerField[] {
  const out: AnswerField[] = [];
  for (const q of structure.questions.values()) {
    if (q.value.kind === "computed") continue;
    if (q.rows) {
      for (const row of q.rows.values) out.push({ key: `${q.name}.${row}`, question: q.name, spec: q.rows.row });
    } else {
      out.push({ key: q.name, question: q.name, spec: q.value });
    }
    if (q.hasComment) out.push({ key: `${q.name}-Comment`, question: q.name, spec: { kind: "string" } });
  }
  return out;
}

/** The project's one seeded PRNG, so runs can be repeated with --seed. */
export const seededRandom = mulberry32;

const WORDS = ["referral", "plan", "Mosaic", "warehouse", "Power BI", "extract", "quarterly", "d’Arcy", "Ωmega", "naïve", "50%", "O'Brien"];

/** Random words then the tag, within the box's maxLength (the tag is kept: it tells writes apart). */
function text(rand: () => number, tag: string, maxLength?: number): string {
  const n = 1 + Math.floor(rand() * 6);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const full = `${words.join(" ")} ${tag}`;
  if (maxLength === undefined || full.length <= maxLength) return full;
  if (tag.length >= maxLength) return tag.slice(-maxLength);
  return `${words.join(" ").slice(0, maxLength - tag.length - 1)} ${tag}`;
}

/**
 * A random non-empty value valid for `spec`. `tag` is mixed into free text so that successive
 * writes of the same field are distinguishable (a lost write cannot hide behind an equal value).
 */
export function randomValue(spec: ValueSpec, rand: () => number, tag: string): unknown {
  switch (spec.kind) {
    case "string":
      return text(rand, tag, spec.maxLength);
    case "string_or_number":
      return rand() < 0.2 ? Math.floor(rand() * 1000) : text(rand, tag, spec.maxLength);
    case "boolean":
      return spec.values[Math.floor(rand() * spec.values.length)];
    case "choice":
      return spec.choices[Math.floor(rand() * spec.choices.length)];
    case "choices": {
      const picked = spec.choices.filter(() => rand() < 0.35);
      return picked.length > 0 ? picked : [spec.choices[0]];
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(spec.fields)) if (rand() < 0.7) out[k] = randomValue(s, rand, tag);
      if (Object.keys(out).length === 0) {
        const [k, s] = Object.entries(spec.fields)[0];
        out[k] = randomValue(s, rand, tag);
      }
      return out;
    }
    case "array":
      return [randomValue(spec.of, rand, tag)];
    case "any":
      return text(rand, tag);
    case "computed":
      throw new Error("computed fields cannot be written");
  }
}

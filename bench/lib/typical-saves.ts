/**
 * The autosave benches' request body: a typical debounced save, one text answer (always a new
 * value) and one other answer chosen at random, the same seeded sequence in every bench.
 */
import { answerFields, randomValue, seededRandom } from "../../test/support/answer-fields.ts";

type Structure = Parameters<typeof answerFields>[0];

export function typicalSaves(structure: Structure): () => string {
  const fields = answerFields(structure);
  const textFields = fields.filter((f) => f.spec.kind === "string" || f.spec.kind === "string_or_number");
  const rand = seededRandom(42);
  let n = 0;
  const contributor = { name: "Bench Contributor", role: "Head of performance" };
  return () => {
    const t = textFields[n % textFields.length];
    const o = fields[Math.floor(rand() * fields.length)];
    const changes: Record<string, unknown> = { [o.key]: randomValue(o.spec, rand, `#${n}`), [t.key]: `answer ${++n}` };
    return JSON.stringify({ changes, contributor });
  };
}

/** The values that occur more than once, each listed once. */
export function duplicateValues(values: string[]): string[] {
  const seen = new Set<string>();
  const d = new Set<string>();
  for (const v of values) (seen.has(v) ? d : seen).add(v);
  return [...d];
}

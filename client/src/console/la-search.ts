/**
 * Forgiving search over LAs (name, code, region, type): ignores case, accents and punctuation
 * ("St. Helens" = "st helens", "&" = "and"), and allows one wrong, missing, extra or swapped letter
 * in each word of four or more letters, so "hamersmith" finds Hammersmith and Fulham. Every word of
 * the query must match.
 */

export function normaliseForSearch(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      rowMin = Math.min(rowMin, d[i][j]);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length][b.length];
}

function wordMatches(token: string, words: readonly string[]): boolean {
  if (token.length < 4) return false;
  for (const w of words) {
    // the word, or how it starts: "hamersmit" is on its way to "hammersmith"
    for (const len of [token.length - 1, token.length, token.length + 1]) {
      if (len < 1 || len > w.length) continue;
      if (editDistance(token, w.slice(0, len)) <= 1) return true;
    }
  }
  return false;
}

/** Does the query find this LA? `fields` are what a user might type: name, code, region, type. */
export function laMatches(query: string, fields: readonly string[]): boolean {
  const q = normaliseForSearch(query);
  if (!q) return true;
  const haystack = normaliseForSearch(fields.join(" "));
  const compact = haystack.replace(/ /g, "");
  const words = haystack.split(" ");
  return q.split(" ").every((token) => haystack.includes(token) || compact.includes(token) || wordMatches(token, words));
}

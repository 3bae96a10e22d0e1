/**
 * Request JSON that PostgreSQL cannot store must be refused as bad input (4xx), not fail at the
 * INSERT as a 500: text and jsonb reject U+0000, jsonb rejects lone UTF-16 surrogates ("\ud800"),
 * and jsonb input nested thousands of levels deep exceeds the server's stack depth. Found by the
 * PATCH fuzz test (test/security/patch-fuzz.test.ts).
 */
export const MAX_JSON_DEPTH = 32;

export interface UnstorableJson {
  path: string; // e.g. "changes.resp_name" (the offending field)
  problem: string;
}

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// (Matching a control character is the point of these patterns.)
// oxlint-disable-next-line no-control-regex
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(s: string): string | null {
  const m = BAD_TEXT.exec(s);
  if (!m) return null;
  return m[0] === "\u0000" ? "contains a NUL character (U+0000)" : "contains an unpaired UTF-16 surrogate";
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

/** The first field of `value` that cannot be stored, or null. Never recurses deeper than `maxDepth`. */
export function findUnstorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH, path = "", depth = 0): UnstorableJson | null {
  if (typeof value === "string") {
    const p = textProblem(value);
    return p ? { path: path || "(body)", problem: p } : null;
  }
  if (typeof value !== "object" || value === null) return null;
  if (depth >= maxDepth) return { path: path || "(body)", problem: `is nested more than ${maxDepth} levels deep` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableJson(value[i], maxDepth, join(path, i), depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const kp = textProblem(k);
    // oxlint-disable-next-line no-control-regex
    if (kp) return { path: join(path, k.replace(/[\u0000\ud800-\udfff]/g, "\ufffd")), problem: `has a key that ${kp}` };
    const found = findUnstorableJson(v, maxDepth, join(path, k), depth + 1);
    if (found) return found;
  }
  return null;
}

/** A short, safe rendering of a field path for an error message. */
export function describeUnstorable(u: UnstorableJson): string {
  const path = u.path.length > 80 ? `${u.path.slice(0, 77)}...` : u.path;
  // oxlint-disable-next-line no-control-regex
  return `body field "${path.replace(/[\u0000\ud800-\udfff]/g, "\ufffd")}" ${u.problem}`;
}

/**
 * Fuzzing PATCH /api/respondent/response with fast-check: thousands of random bodies built as raw
 * JSON text (so that `__proto__` / `constructor` keys, numbers beyond double range, lone surrogates,
 * NUL characters and deep nesting reach the server exactly as an attacker would send them). Every
 * answer is a 2xx or a 4xx, never a 5xx; after every run the stored response is still valid for the
 * definition (checked with the compiled structure), and no prototype was polluted.
 * FUZZ_RUNS (default 2000) sets the number of bodies.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";
import { answerFields, randomValue, seededRandom, type AnswerField } from "../support/answer-fields.ts";
import { checkData, type ResponseStructure } from "../../server/domain/responses/structure.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

let t: TestApp;
let la: LaLink;
let structure: ResponseStructure;
let fields: AnswerField[];

beforeAll(async () => {
  t = await buildTestApp();
  ({ las: [la], structure } = await prepareLas(t.pool, { laCount: 1 }));
  fields = answerFields(structure);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** A JSON text fragment: valid JSON, but not necessarily representable by JSON.stringify of a JS value. */
type Raw = string;

const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

function rawObject(entries: [string, Raw][]): Raw {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
}

/** Strings that stress text handling: NUL, lone surrogates, RTL marks, emoji, SQL and HTML metacharacters. */
const nastyString: fc.Arbitrary<Raw> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\ud800"',
    '"\\udfff x"',
    '"\'; DROP TABLE responses; --"',
    '"\\" OR 1=1 --"',
    '"<script>alert(1)</script>"',
    '"=HYPERLINK(\\"http://x\\")"',
    '"\\u202e\\u0645\\u0631\\u062d\\u0628\\u0627"',
    '"👩🏽‍💻 ∑ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"',
    `"${"x".repeat(5000)}"`,
  ),
);

const hugeNumber: fc.Arbitrary<Raw> = fc.constantFrom("1e400", "-1e400", "1e308", "-0", "123456789012345678901234567890", "0.1e-400", "9007199254740993", "1E+2");

function nested(depth: number, kind: "object" | "array"): Raw {
  return kind === "object" ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

const anyRaw: fc.Arbitrary<Raw> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    { weight: 4, arbitrary: nastyString },
    { weight: 2, arbitrary: hugeNumber },
    { weight: 2, arbitrary: fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : "0")) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 4, arbitrary: fc.constantFrom("null", "true", "false", '""', "[]", "{}") },
    { weight: 2, arbitrary: fc.array(tie("value") as fc.Arbitrary<Raw>, { maxLength: 4 }).map((xs) => `[${xs.join(",")}]`) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 })), tie("value") as fc.Arbitrary<Raw>), { maxLength: 4 })
        .map(rawObject),
    },
    { weight: 1, arbitrary: fc.integer({ min: 33, max: 3000 }).chain((d) => fc.constantFrom(nested(d, "object"), nested(d, "array"))) },
  ),
})).value;

/** A value that is valid for the field (so that many bodies are accepted and really stored). */
const validFor = (f: AnswerField): fc.Arbitrary<Raw> => fc.integer().map((seed) => JSON.stringify(randomValue(f.spec, seededRandom(seed), `s${seed}`)));

const changeEntry: fc.Arbitrary<[string, Raw]> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 10_000 }).chain((i) => { const f = fields[i % fields.length]; return fc.tuple(fc.constant(f.key), fc.oneof({ weight: 8, arbitrary: validFor(f) }, { weight: 2, arbitrary: anyRaw })); }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS, "items_safe.__proto__", "link_partners.constructor", "resp_name-Comment", "__proto__.polluted"), anyRaw) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: "binary", maxLength: 20 }), anyRaw) },
);

const contributor: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('{"name":"Fuzz Tester","role":"Analyst"}') },
  { weight: 1, arbitrary: fc.tuple(nastyString, nastyString).map(([n, r]) => `{"name":${n},"role":${r}}`) },
  { weight: 1, arbitrary: anyRaw },
);

const body: fc.Arbitrary<{ text: string; ifMatch: string | null }> = fc.record({
  changes: fc.oneof({ weight: 15, arbitrary: fc.array(changeEntry, { maxLength: 5 }).map(rawObject) }, { weight: 1, arbitrary: anyRaw }),
  contributor,
  uiState: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('{"currentPageNo":2,"currentPageName":"p_cms"}') },
    { weight: 1, arbitrary: anyRaw },
  ),
  extra: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS, "laCode", "version"), anyRaw) }),
  ifMatch: fc.oneof({ weight: 6, arbitrary: fc.constant("current") }, { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), fc.constantFrom("0", "99999999999", "-1", 'W/"1"', "1e3")) }),
}).map((b) => {
  const entries: [string, Raw][] = [["changes", b.changes], ["contributor", b.contributor]];
  if (b.uiState !== undefined) entries.push(["uiState", b.uiState]);
  if (b.extra) entries.push(b.extra);
  return { text: rawObject(entries), ifMatch: b.ifMatch };
});

async function current(): Promise<{ version: number; data: Record<string, unknown> }> {
  const { rows } = await t.pool.query("SELECT version, data FROM responses WHERE la_code = $1", [la.laCode]);
  return rows[0];
}

describe("PATCH body fuzzing", () => {
  it(`${RUNS} random bodies: never a 5xx, stored data always valid for the definition, no prototype pollution`, async () => {
    const statuses = new Map<number, number>();
    const reasons = new Map<string, number>();
    const serverErrors: { status: number; body: string; sent: string }[] = [];
    await fc.assert(
      fc.asyncProperty(body, async ({ text, ifMatch }) => {
        const headers: Record<string, string> = { authorization: `Bearer ${la.token}`, "content-type": "application/json" };
        if (ifMatch === "current") headers["if-match"] = String((await current()).version);
        else if (ifMatch !== null) headers["if-match"] = ifMatch;
        const res = await t.app.inject({ method: "PATCH", url: "/api/respondent/response", headers, payload: text });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 400) {
          const kind = String(res.json().message).replace(/"[^"]*"/g, '""').slice(0, 60);
          reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
        }
        if (res.statusCode >= 500) serverErrors.push({ status: res.statusCode, body: res.body.slice(0, 200), sent: text.slice(0, 300) });
        expect(res.statusCode).toBeLessThan(500);
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122), endOnFailure: true },
    ).catch((err) => {
      throw new Error(`${(err as Error).message.slice(0, 1500)}\nfirst 5xx: ${JSON.stringify(serverErrors.slice(0, 3))}`);
    });
    console.log(`PATCH fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    console.log(`400 reasons: ${JSON.stringify([...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8))}`);
    const { data } = await current();
    expect(checkData(structure, data)).toEqual([]);
    expect(Object.keys(data).every((k) => structure.questions.has(k) || structure.questions.has(k.replace(/-Comment$/, "")))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    // The run stored real answers, not only rejections.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});

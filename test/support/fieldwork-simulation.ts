/**
 * A fieldwork simulation: every LA has several contributors, each autosaving every `intervalMs`
 * (PATCH /api/respondent/response with If-Match), mostly their own questions and matrix rows, with
 * some deliberate overlaps on shared fields so that 409 conflicts happen. A contributor resolves a
 * 409 either by keeping theirs (dropping the conflicting fields) or by re-reading the response and
 * saving their value again, as the survey page lets a person choose.
 *
 * Every change the server acknowledges (200) goes into a ledger with the version it returned;
 * `verifyLedger` then checks that, for every field, the stored value is the one of the last
 * acknowledged write (highest version), and that the change log agrees.
 */
import type pg from "pg";
import type { ResponseStructure } from "../../server/domain/responses/structure.ts";
import { resolveKey } from "../../server/domain/responses/structure.ts";
import { deepEqual, readField } from "../../server/domain/responses/merge.ts";
import { answerFields, randomValue, seededRandom, type AnswerField } from "./answer-fields.ts";
import type { LaLink } from "./fieldwork-setup.ts";

export interface FieldworkOptions {
  baseUrl: string;
  las: LaLink[];
  structure: ResponseStructure;
  seconds: number;
  contributorsPerLa?: number; // default 3
  intervalMs?: number; // default 2000
  /**
   * Contributors open the survey at random times within this span from the start (default: one
   * interval, i.e. everyone within the first 2 s — harsher than an invitation wave, where people
   * arrive over minutes).
   */
  arrivalMs?: number;
  /** Probability that a save also changes one of the fields every contributor edits (default 0.15). */
  overlap?: number;
  /** Fields per LA that every contributor may edit (the rest are split between contributors). */
  sharedFields?: number; // default 4
  seed?: number;
  requestTimeoutMs?: number; // default 30 s
  /** Ends the run early (contributors stop after their current save). */
  signal?: AbortSignal;
  /** Called after every acknowledged save with the running totals. */
  onSaved?: (soFar: FieldworkResult) => void;
  /** Called after every request that got an answer: when it started (ms since epoch), how long it took, its status. */
  onRequest?: (r: { method: "GET" | "PATCH"; startedAt: number; ms: number; status: number; first: boolean }) => void;
}

export interface LedgerEntry {
  la: string;
  key: string;
  value: unknown;
  version: number;
}

export interface UnexpectedResponse {
  what: string; // "PATCH 500", "GET network error", ...
  message: string;
}

export interface FieldworkResult {
  seconds: number;
  las: number;
  contributors: number;
  patches: number;
  saved: number; // 200
  conflicts: number; // 409 with conflicts (expected)
  conflictsKeptTheirs: number;
  conflictsKeptMine: number;
  gets: number;
  unexpected: UnexpectedResponse[];
  /** Writes whose outcome is unknown (network error / timeout): the value may or may not be stored. */
  uncertain: LedgerEntry[];
  ledger: LedgerEntry[];
  patchLatencyMs: number[];
}

export interface LatencySummary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarise(ms: number[]): LatencySummary {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]);
  return { n: s.length, p50: at(50), p90: at(90), p99: at(99), max: s.length ? s[s.length - 1] : 0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFieldwork(opts: FieldworkOptions): Promise<FieldworkResult> {
  const perLa = opts.contributorsPerLa ?? 3;
  const interval = opts.intervalMs ?? 2000;
  const overlap = opts.overlap ?? 0.15;
  const timeout = opts.requestTimeoutMs ?? 30_000;
  const fields = answerFields(opts.structure);
  const sharedCount = Math.min(opts.sharedFields ?? 4, Math.max(1, Math.floor(fields.length / 4)));
  const shared = fields.slice(0, sharedCount);
  const rest = fields.slice(sharedCount);
  const result: FieldworkResult = {
    seconds: opts.seconds,
    las: opts.las.length,
    contributors: opts.las.length * perLa,
    patches: 0,
    saved: 0,
    conflicts: 0,
    conflictsKeptTheirs: 0,
    conflictsKeptMine: 0,
    gets: 0,
    unexpected: [],
    uncertain: [],
    ledger: [],
    patchLatencyMs: [],
  };
  const url = `${opts.baseUrl.replace(/\/$/, "")}/api/respondent/response`;
  const end = Date.now() + opts.seconds * 1000;
  let writeNo = 0;

  async function request(method: "GET" | "PATCH", token: string, body?: unknown, ifMatch?: number, first = false) {
    const startedAt = Date.now();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (ifMatch !== undefined) headers["if-match"] = String(ifMatch);
    const t0 = performance.now();
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeout) });
    const text = await res.text();
    const ms = performance.now() - t0;
    opts.onRequest?.({ method, startedAt, ms, status: res.status, first });
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text, ms };
  }

  async function contributor(la: LaLink, index: number): Promise<void> {
    const rand = seededRandom((opts.seed ?? 1) * 7919 + Number(la.laCode) * 31 + index);
    const who = { name: `Contributor ${index + 1}`, role: ["Head of performance", "Data manager", "Systems analyst"][index % 3] };
    const own: AnswerField[] = rest.filter((_, i) => i % perLa === index);
    let version = 0;
    let firstGet = true;
    let firstPatch = true;
    const read = async (): Promise<boolean> => {
      try {
        const r = await request("GET", la.token, undefined, undefined, firstGet);
        firstGet = false;
        result.gets++;
        if (r.status !== 200) {
          result.unexpected.push({ what: `GET ${r.status}`, message: r.text.slice(0, 200) });
          return false;
        }
        version = r.json.version;
        return true;
      } catch (err) {
        result.unexpected.push({ what: "GET network error", message: (err as Error).message });
        return false;
      }
    };
    // Opening the survey, spread over the arrival span like people arriving.
    await sleep(rand() * (opts.arrivalMs ?? interval));
    if (opts.signal?.aborted || !(await read())) return;
    let next = Date.now();
    while (Date.now() < end && !opts.signal?.aborted) {
      next += interval;
      // One debounce window's worth of edits: 1-3 own fields, sometimes a shared one too.
      const changes: Record<string, unknown> = {};
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n && own.length > 0; i++) {
        const f = own[Math.floor(rand() * own.length)];
        changes[f.key] = randomValue(f.spec, rand, `#${++writeNo}`);
      }
      if (rand() < overlap || own.length === 0) {
        const f = shared[Math.floor(rand() * shared.length)];
        changes[f.key] = randomValue(f.spec, rand, `#${++writeNo}`);
      }
      await save(changes);
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      else next = Date.now(); // a slow save delays the next one, as a debounced autosave does
    }

    async function save(changes: Record<string, unknown>): Promise<void> {
      for (let attempt = 0; attempt < 6 && Object.keys(changes).length > 0 && !opts.signal?.aborted; attempt++) {
        let r;
        result.patches++;
        try {
          r = await request("PATCH", la.token, { changes, contributor: who }, version, firstPatch);
          firstPatch = false;
        } catch (err) {
          result.unexpected.push({ what: "PATCH network error", message: (err as Error).message });
          for (const [key, value] of Object.entries(changes)) result.uncertain.push({ la: la.laCode, key, value, version: -1 });
          await read();
          return;
        }
        result.patchLatencyMs.push(r.ms);
        if (r.status === 200) {
          result.saved++;
          version = r.json.version;
          for (const [key, value] of Object.entries(changes)) result.ledger.push({ la: la.laCode, key, value, version });
          opts.onSaved?.(result);
          return;
        }
        if (r.status === 409 && Array.isArray(r.json?.conflicts)) {
          result.conflicts++;
          if (rand() < 0.5) {
            // Keep theirs: drop my conflicting values, save the rest against the version I have now seen.
            result.conflictsKeptTheirs++;
            for (const c of r.json.conflicts as { question: string }[]) delete changes[c.question];
            version = r.json.version;
          } else {
            // Keep mine: re-read the response (the page shows their value), then save mine again.
            result.conflictsKeptMine++;
            if (!(await read())) return;
          }
          continue;
        }
        result.unexpected.push({ what: `PATCH ${r.status}`, message: r.text.slice(0, 300) });
        await read();
        return;
      }
    }
  }

  const runs: Promise<void>[] = [];
  for (const la of opts.las) for (let i = 0; i < perLa; i++) runs.push(contributor(la, i));
  await Promise.all(runs);
  return result;
}

export interface LostAnswer {
  la: string;
  key: string;
  acknowledged: unknown;
  acknowledgedVersion: number;
  stored: unknown;
}

export interface LedgerCheck {
  fieldsChecked: number;
  acknowledgedChanges: number;
  lost: LostAnswer[];
  /** Fields whose last change in the change log (response_changes) differs from the stored value. */
  changeLogMismatches: { la: string; key: string }[];
}

/** Compare the final stored responses with the last acknowledged write of every field (and the change log). */
export async function verifyLedger(
  db: Pick<pg.Pool, "query">,
  structure: ResponseStructure,
  ledger: LedgerEntry[],
  uncertain: LedgerEntry[] = [],
): Promise<LedgerCheck> {
  const laCodes = [...new Set(ledger.map((e) => e.la))];
  const { rows } = await db.query("SELECT la_code, data FROM responses WHERE la_code = ANY($1)", [laCodes]);
  const data = new Map<string, Record<string, unknown>>(rows.map((r: any) => [r.la_code, r.data]));
  const { rows: logRows } = await db.query(
    `SELECT DISTINCT ON (r.la_code, c.question) r.la_code, c.question, c.new_value
       FROM response_changes c JOIN responses r ON r.id = c.response_id
      WHERE r.la_code = ANY($1) ORDER BY r.la_code, c.question, c.version DESC, c.id DESC`,
    [laCodes],
  );
  const logged = new Map<string, unknown>(logRows.map((r: any) => [`${r.la_code}\u0000${r.question}`, r.new_value]));
  return compareLedger(structure, ledger, uncertain, data, logged);
}

/**
 * The comparison itself, on stored data per LA (e.g. read back through the API). `logged` (last
 * change-log value per "la\0key") is optional.
 */
export function compareLedger(
  structure: ResponseStructure,
  ledger: LedgerEntry[],
  uncertain: LedgerEntry[],
  data: Map<string, Record<string, unknown>>,
  logged?: Map<string, unknown>,
): LedgerCheck {
  const last = new Map<string, LedgerEntry>();
  for (const e of ledger) {
    const id = `${e.la}\u0000${e.key}`;
    const prev = last.get(id);
    if (!prev || e.version >= prev.version) last.set(id, e);
  }
  const maybe = new Map<string, unknown[]>();
  for (const e of uncertain) {
    const id = `${e.la}\u0000${e.key}`;
    maybe.set(id, [...(maybe.get(id) ?? []), e.value]);
  }
  const lost: LostAnswer[] = [];
  const changeLogMismatches: { la: string; key: string }[] = [];
  for (const [id, e] of last) {
    const resolved = resolveKey(structure, e.key);
    if (!resolved || "computed" in resolved) throw new Error(`ledger key ${e.key} is not a field`);
    const stored = readField(data.get(e.la) ?? {}, { key: e.key, question: resolved.question.name, row: resolved.row, comment: resolved.comment });
    const ok = deepEqual(stored, e.value ?? null) || (maybe.get(id) ?? []).some((v) => deepEqual(stored, v));
    if (!ok) lost.push({ la: e.la, key: e.key, acknowledged: e.value, acknowledgedVersion: e.version, stored });
    if (logged && !deepEqual(logged.get(id) ?? null, stored)) changeLogMismatches.push({ la: e.la, key: e.key });
  }
  return { fieldsChecked: last.size, acknowledgedChanges: ledger.length, lost, changeLogMismatches };
}

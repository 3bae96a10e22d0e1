/**
 * The browser's autosave queue against an in-process stand-in for the server that uses the real
 * merge and structure code (server/domain/responses), so conflicts behave exactly as in the API.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import { Autosave, readPending, type SaveStatus } from "../../../client/src/respondent/autosave.ts";
import { ApiError, type Conflict } from "../../../client/src/respondent/api.ts";
import { checkChanges, compileStructure } from "../../../server/domain/responses/structure.ts";
import { mergeChanges, type MergeState } from "../../../server/domain/responses/merge.ts";

const survey = JSON.parse(readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8"));
const structure = compileStructure(survey);

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

/** A server stand-in: If-Match versions, per-field merge, 409 with conflicts, 422 for bad keys; can go offline. */
class FakeServer {
  state: MergeState = { data: {}, version: 0, fieldVersions: {} };
  offline = false;
  calls = 0;
  async patch(version: number, body: { changes: Record<string, unknown> }) {
    this.calls++;
    if (this.offline) throw new TypeError("Failed to fetch");
    if (version > this.state.version) throw new ApiError(412, "newer", { version: this.state.version });
    const checked = checkChanges(structure, body.changes);
    if (checked.errors.length) throw new ApiError(422, checked.errors[0].message, { errors: checked.errors });
    const r = mergeChanges(this.state, version, checked.changes, structure);
    if (!r.ok) throw new ApiError(409, "conflict", { conflicts: r.conflicts, version: this.state.version });
    this.state = { data: r.data, version: r.version, fieldVersions: r.fieldVersions };
    return { version: r.version, updates: r.updates };
  }
}

let server: FakeServer;
let storage: MemoryStorage;
let statuses: SaveStatus["kind"][];
let conflicts: Conflict[] | null;
let updates: Record<string, unknown>[];

function makeAutosave(baseVersion = 0, tabId?: string, contributor = { name: "Ann", role: "Lead" }) {
  return new Autosave({
    laCode: "201",
    baseVersion,
    tabId,
    api: { patch: (v, b) => server.patch(v, b) },
    storage,
    contributor: () => contributor,
    onStatus: (s) => statuses.push(s.kind),
    onUpdates: (u) => updates.push(u),
    onConflict: (c) => {
      conflicts = c;
    },
    onSubmitted: () => {},
    onUnauthorized: () => {},
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
  storage = new MemoryStorage();
  statuses = [];
  conflicts = null;
  updates = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Autosave", () => {
  it("keeps every change in localStorage until the server acknowledged it", async () => {
    const a = makeAutosave();
    a.change({ lead_name: "Ann" });
    expect(readPending(storage, "201")?.changes).toEqual({ lead_name: "Ann" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.state.data).toEqual({ lead_name: "Ann" });
    expect(readPending(storage, "201")).toBeNull();
    expect(statuses.at(-1)).toBe("saved");
  });

  it("sends within 2 seconds even while changes keep coming", async () => {
    const a = makeAutosave();
    for (let i = 0; i < 10; i++) {
      a.change({ notes: `draft ${i}` });
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(server.calls).toBeGreaterThanOrEqual(1);
    expect(server.state.data.notes).toMatch(/^draft \d$/);
  });

  it("offline: keeps the queue, shows offline, retries, and the reloaded tab re-sends what was left", async () => {
    server.offline = true;
    const a = makeAutosave(0, "tab1");
    a.change({ lead_name: "Ann", "maturity.quality": 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses.at(-1)).toBe("offline");
    a.dispose(); // the page is reloaded
    const b = makeAutosave(0, "tab1");
    expect(b.pending).toEqual({ lead_name: "Ann", "maturity.quality": 3 });
    server.offline = false;
    await b.flush();
    expect(server.state.data).toEqual({ lead_name: "Ann", maturity: { quality: 3 } });
    expect(readPending(storage, "201")).toBeNull();
  });

  it("queues text still being typed before it saves or the page is left, so none of it is lost", async () => {
    const a = makeAutosave(0, "tab1");
    let typed = "Screening moved";
    a.setBeforeSave(() => a.change({ notes: typed }));
    await a.flush(); // e.g. a page change straight after typing
    expect(server.state.data).toEqual({ notes: "Screening moved" });
    typed = "Screening moved to a form";
    server.offline = true; // the keepalive request on leaving does not arrive
    a.flushOnLeave();
    expect(readPending(storage, "201")?.changes).toEqual({ notes: "Screening moved to a form" });
  });

  it("a tab closed while offline leaves its queue to the next tab of the LA", async () => {
    server.offline = true;
    const a = makeAutosave(0, "tab1");
    a.change({ notes: "from the closed tab" });
    a.flushOnLeave(); // pagehide
    a.dispose();
    const b = makeAutosave(0, "tab2");
    expect(b.pending).toEqual({ notes: "from the closed tab" });
    server.offline = false;
    await b.flush();
    expect(server.state.data).toEqual({ notes: "from the closed tab" });
    expect(readPending(storage, "201")).toBeNull();
  });

  it("two open tabs keep separate queues; a crashed tab's queue is adopted once it goes stale", async () => {
    server.offline = true;
    const a = makeAutosave(0, "tab1");
    const b = makeAutosave(0, "tab2");
    a.change({ notes: "A" });
    b.change({ lead_name: "B" });
    await vi.advanceTimersByTimeAsync(3 * 60_000); // both alive and retrying
    expect(b.adoptAbandoned()).toBe(false);
    expect(a.pending).toEqual({ notes: "A" });
    expect(readPending(storage, "201")?.changes).toEqual({ notes: "A", lead_name: "B" });
    a.dispose(); // tab A crashes: no pagehide, no more retries
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(b.adoptAbandoned()).toBe(true);
    server.offline = false;
    await b.flush();
    expect(server.state.data).toEqual({ notes: "A", lead_name: "B" });
    expect(readPending(storage, "201")).toBeNull();
    b.dispose();
  });

  it("a change made while a save is in flight is not lost", async () => {
    const a = makeAutosave();
    a.change({ notes: "one" });
    const first = a.flush();
    a.change({ notes: "two" });
    await first;
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.state.data.notes).toBe("two");
    expect(a.hasPending).toBe(false);
  });

  it("gets colleagues' answers back with each save", async () => {
    await server.patch(0, { changes: { case_system: "mosaic" } });
    const a = makeAutosave(0);
    a.change({ lead_name: "Ann" });
    await a.flush();
    expect(updates).toEqual([{ case_system: "mosaic" }]);
    expect(a.baseVersion).toBe(2);
  });

  it("a conflict stops saving until the person chooses; choosing theirs drops the change, mine re-sends it", async () => {
    await server.patch(0, { changes: { lead_name: "Bob", notes: "Bob's" } });
    const a = makeAutosave(0);
    a.change({ lead_name: "Ann", notes: "Ann's", analysts: 4 });
    await a.flush();
    expect(conflicts).toEqual([
      { question: "lead_name", yours: "Ann", theirs: "Bob" },
      { question: "notes", yours: "Ann's", theirs: "Bob's" },
    ]);
    expect(server.state.data).toEqual({ lead_name: "Bob", notes: "Bob's" });
    a.change({ confidence: 4 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(server.state.version).toBe(1); // blocked while the dialog is open
    a.resolve({ lead_name: "theirs", notes: "mine" }, server.state.version);
    await vi.advanceTimersByTimeAsync(0);
    await a.flush();
    expect(server.state.data).toEqual({ lead_name: "Bob", notes: "Ann's", analysts: 4, confidence: 4 });
  });

  it("keeping the colleague's answer (nothing left to send) clears the conflict status", async () => {
    await server.patch(0, { changes: { lead_name: "Bob" } });
    const a = makeAutosave(0);
    a.change({ lead_name: "Ann" });
    await a.flush();
    expect(statuses.at(-1)).toBe("conflict");
    a.resolve({ lead_name: "theirs" }, server.state.version);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe("saved");
    expect(a.idle).toBe(true);
    expect(server.state.data).toEqual({ lead_name: "Bob" });
  });

  it("a queue based on a version the server does not have (restored database) is re-based and sent", async () => {
    storage.setItem("lada:pending:201", JSON.stringify({ baseVersion: 40, changes: { notes: "kept" } }));
    const a = makeAutosave(0);
    await a.flush();
    expect(server.state.data).toEqual({ notes: "kept" });
    expect(a.hasPending).toBe(false);
  });

  it("answers the server rejects (422) leave the queue so the rest still saves", async () => {
    let rejected: unknown[] = [];
    const b = new Autosave({
      laCode: "202",
      baseVersion: 0,
      api: { patch: (v, body) => server.patch(v, body) },
      storage,
      contributor: () => ({ name: "Ann", role: "Lead" }),
      onStatus: () => {},
      onUpdates: () => {},
      onConflict: () => {},
      onSubmitted: () => {},
      onUnauthorized: () => {},
      onRejected: (e) => {
        rejected = e;
      },
    });
    b.change({ ghost: 1, lead_name: "Ann" });
    await b.flush();
    await vi.advanceTimersByTimeAsync(0);
    await b.flush();
    expect(rejected).toEqual([{ question: "ghost", message: 'Unknown question "ghost"' }]);
    expect(server.state.data).toEqual({ lead_name: "Ann" });
    b.dispose();
  });
});

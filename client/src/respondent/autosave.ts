/**
 * The autosave queue. Every change is first written to localStorage (so a closed tab or a lost
 * connection loses nothing), then sent to the server debounced (<= 2 s), immediately on page change,
 * and with a keepalive request when the page is left. A change leaves the queue only when the server
 * acknowledged it (after its commit). Each save carries the version it is based on (If-Match); the
 * server merges per question / matrix row and answers 409 with both values on a real conflict.
 *
 * Each tab keeps its own queue (`lada:pending:<la>:<tabId>`, the tab id survives reloads), so two tabs
 * of one LA never overwrite each other's unsent changes. A queue left by a tab that was closed
 * (marked on pagehide) or has not been touched for `staleMs` is adopted by the next tab of that LA.
 */
import { ApiError, type Conflict, type Contributor, type EditedBy, type RespondentApi, type UiState } from "./api.ts";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "offline" }
  | { kind: "conflict" }
  | { kind: "error"; message: string };

interface Stored {
  baseVersion: number;
  changes: Record<string, unknown>;
  uiState?: UiState;
  /** When the owning tab last wrote or retried (ms since epoch). */
  touchedAt?: number;
  /** The owning tab was left (pagehide): its queue may be adopted at once. */
  closed?: boolean;
}

export interface AutosaveOptions {
  laCode: string;
  baseVersion: number;
  api: Pick<RespondentApi, "patch">;
  storage: Storage;
  contributor: () => Contributor | null;
  onStatus: (s: SaveStatus) => void;
  /** Values colleagues saved meanwhile (change keys -> value), and who saved each: apply them to the form. */
  onUpdates: (updates: Record<string, unknown>, by: Record<string, EditedBy>) => void;
  /** A save was refused because someone else changed the same answers. */
  onConflict: (conflicts: Conflict[], serverVersion: number) => void;
  /** The response is read-only now (submitted by someone). */
  onSubmitted: () => void;
  /** The link no longer works. */
  onUnauthorized: () => void;
  /** These change keys were saved (acknowledged by the server). */
  onSaved?: (keys: string[]) => void;
  /** The server rejected some answers outright (422): they were dropped from the queue. */
  onRejected?: (errors: { question: string; message: string }[]) => void;
  debounceMs?: number;
  /** Upper bound between a change and its save, however often changes keep coming (default 2000). */
  maxWaitMs?: number;
  /** This tab's id (keep it in sessionStorage so a reload finds its own queue); random by default. */
  tabId?: string;
  /** Another tab's queue untouched for this long is adopted (default 2 minutes). */
  staleMs?: number;
}

/** This tab's id, kept across reloads of the tab (sessionStorage), so a reload finds its own queue. */
export function tabId(): string {
  let id = sessionStorage.getItem("lada:tab");
  if (!id) {
    id = Math.random().toString(36).slice(2, 10);
    sessionStorage.setItem("lada:tab", id);
  }
  return id;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function storageKey(laCode: string): string {
  return `lada:pending:${laCode}`;
}

function parseStored(raw: string | null): Stored | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Stored;
    return typeof parsed.baseVersion === "number" && parsed.changes && typeof parsed.changes === "object" ? parsed : null;
  } catch {
    return null;
  }
}

/** Every queue of this LA in this browser (this tab's and other tabs'), by storage key. */
export function pendingEntries(storage: Storage, laCode: string): { key: string; stored: Stored }[] {
  const prefix = storageKey(laCode);
  const out: { key: string; stored: Stored }[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key || (key !== prefix && !key.startsWith(`${prefix}:`))) continue;
    const stored = parseStored(storage.getItem(key));
    if (stored) out.push({ key, stored });
  }
  return out;
}

/** All changes not yet acknowledged in this browser for an LA (every tab's), oldest base version. */
export function readPending(storage: Storage, laCode: string): Stored | null {
  const entries = pendingEntries(storage, laCode).sort((a, b) => (a.stored.touchedAt ?? 0) - (b.stored.touchedAt ?? 0));
  if (entries.length === 0) return null;
  const merged: Stored = { baseVersion: Math.min(...entries.map((e) => e.stored.baseVersion)), changes: {} };
  for (const { stored } of entries) {
    Object.assign(merged.changes, stored.changes); // the most recently touched queue wins
    if (stored.uiState) merged.uiState = stored.uiState;
  }
  return merged;
}

export class Autosave {
  private state: Stored;
  private uiDirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = 1000;
  private firstQueuedAt: number | null = null; // oldest change not yet sent: it must leave within maxWaitMs
  private inFlight: Promise<void> | null = null;
  private again = false;
  private blocked = false; // conflict dialog open, submitted, or link invalid
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly key: string;
  private readonly staleMs: number;

  constructor(private readonly opts: AutosaveOptions) {
    this.debounceMs = opts.debounceMs ?? 1000;
    this.maxWaitMs = opts.maxWaitMs ?? 2000;
    this.staleMs = opts.staleMs ?? 120_000;
    this.key = `${storageKey(opts.laCode)}:${opts.tabId ?? Math.random().toString(36).slice(2)}`;
    const own = parseStored(opts.storage.getItem(this.key));
    this.state = own ? { baseVersion: own.baseVersion, changes: own.changes, uiState: own.uiState } : { baseVersion: opts.baseVersion, changes: {} };
    if (own?.uiState) this.uiDirty = true;
    this.adoptAbandoned();
  }

  /**
   * Take over queues left by tabs that were closed, or that have not been touched for `staleMs`
   * (crashed). Their changes keep their (older) base version, so conflicts are still detected;
   * this tab's own newer changes to the same keys win. Returns whether anything was adopted.
   */
  adoptAbandoned(now = Date.now()): boolean {
    let adopted = false;
    for (const { key, stored } of pendingEntries(this.opts.storage, this.opts.laCode)) {
      if (key === this.key) continue;
      const legacy = key === storageKey(this.opts.laCode);
      if (!legacy && !stored.closed && now - (stored.touchedAt ?? 0) < this.staleMs) continue;
      for (const [k, v] of Object.entries(stored.changes)) if (!(k in this.state.changes)) this.state.changes[k] = v;
      this.state.baseVersion = Math.min(this.state.baseVersion, stored.baseVersion);
      if (stored.uiState && !this.state.uiState) {
        this.state.uiState = stored.uiState;
        this.uiDirty = true;
      }
      this.opts.storage.removeItem(key);
      adopted = true;
    }
    if (adopted) this.persist();
    return adopted;
  }

  /** Mark this tab's queue as alive again (e.g. the page came back from the back/forward cache). */
  touch(): void {
    this.persist();
  }

  /** Stop the timers (the page is going away). The queue stays in localStorage. */
  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
  }

  get baseVersion(): number {
    return this.state.baseVersion;
  }

  /** Unacknowledged changes (change key -> value). */
  get pending(): Record<string, unknown> {
    return { ...this.state.changes };
  }

  get hasPending(): boolean {
    return Object.keys(this.state.changes).length > 0 || this.uiDirty;
  }

  private persist(closed = false): void {
    const key = this.key;
    try {
      if (Object.keys(this.state.changes).length === 0 && !this.uiDirty) this.opts.storage.removeItem(key);
      else this.opts.storage.setItem(key, JSON.stringify({ ...this.state, touchedAt: Date.now(), ...(closed ? { closed: true } : {}) }));
    } catch {
      /* storage full or disabled: the server copy is still sent */
    }
  }

  /** Queue changes (kept in localStorage at once) and schedule a save. */
  change(changes: Record<string, unknown>): void {
    Object.assign(this.state.changes, changes);
    this.persist();
    this.schedule();
  }

  /** Record where the person is; saved with the next request (immediately when `now`). */
  setUiState(ui: UiState, now = false): void {
    this.state.uiState = ui;
    this.uiDirty = true;
    this.persist();
    if (now) void this.flush();
    else this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const now = Date.now();
    this.firstQueuedAt ??= now;
    const delay = Math.max(0, Math.min(this.debounceMs, this.firstQueuedAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private beforeSave: () => void = () => {};

  /** Called (synchronously) before every flush, so text still being typed is queued first. */
  setBeforeSave(fn: () => void): void {
    this.beforeSave = fn;
  }

  /** Send everything pending now; resolves when the queue is empty or cannot progress. */
  async flush(): Promise<void> {
    this.beforeSave();
    clearTimeout(this.timer);
    this.firstQueuedAt = null;
    if (this.blocked) return;
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    if (!this.hasPending) return;
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
    if (this.again && !this.blocked) {
      this.again = false;
      if (this.hasPending) await this.flush();
    }
  }

  private async send(): Promise<void> {
    const contributor = this.opts.contributor();
    if (!contributor) return;
    const snapshot = { ...this.state.changes };
    const ui = this.uiDirty ? this.state.uiState : undefined;
    const base = this.state.baseVersion;
    this.persist(); // touch: this tab is alive
    this.opts.onStatus({ kind: "saving" });
    try {
      const res = await this.opts.api.patch(base, { changes: snapshot, contributor, uiState: ui });
      for (const [k, v] of Object.entries(snapshot)) {
        if (k in this.state.changes && deepEqual(this.state.changes[k], v)) delete this.state.changes[k];
      }
      if (ui && this.state.uiState === ui) this.uiDirty = false;
      this.state.baseVersion = res.version;
      this.persist();
      this.retryDelay = 1000;
      const updates = Object.fromEntries(Object.entries(res.updates ?? {}).filter(([k]) => !(k in this.state.changes)));
      if (Object.keys(updates).length > 0) this.opts.onUpdates(updates, res.updatedBy ?? {});
      if (Object.keys(snapshot).length > 0) this.opts.onSaved?.(Object.keys(snapshot));
      this.opts.onStatus({ kind: "saved", at: new Date() });
      if (this.hasPending) this.again = true;
    } catch (err) {
      this.handleError(err);
    }
  }

  private handleError(err: unknown): void {
    if (!(err instanceof ApiError) || err.status >= 500 || err.status === 429) {
      // network failure, server or database unavailable: keep everything and retry
      this.opts.onStatus({ kind: "offline" });
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.flush(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
      return;
    }
    if (err.status === 401) {
      this.blocked = true;
      this.opts.onUnauthorized();
      return;
    }
    if (err.status === 409 && Array.isArray(err.body.conflicts)) {
      this.blocked = true;
      this.opts.onStatus({ kind: "conflict" });
      this.opts.onConflict(err.body.conflicts as Conflict[], Number(err.body.version));
      return;
    }
    if (err.status === 409) {
      this.blocked = true;
      this.opts.onSubmitted();
      return;
    }
    if (err.status === 412 && typeof err.body.version === "number") {
      // The server holds an older version than this browser's queue is based on (e.g. restored
      // from a backup): re-base the queue on what the server has and send it again.
      this.state.baseVersion = err.body.version;
      this.persist();
      this.again = true;
      return;
    }
    if (err.status === 422 && Array.isArray(err.body.errors)) {
      const errors = err.body.errors as { question: string; message: string }[];
      for (const e of errors) {
        for (const k of Object.keys(this.state.changes)) if (k === e.question || k.startsWith(`${e.question}.`)) delete this.state.changes[k];
      }
      this.persist();
      this.opts.onRejected?.(errors);
      this.opts.onStatus({ kind: "error", message: err.message });
      if (this.hasPending) this.again = true;
      return;
    }
    this.opts.onStatus({ kind: "error", message: err.message });
  }

  /**
   * After a conflict: the person chose, per key, to keep theirs ("mine") or take the colleague's
   * value ("theirs"). The caller has reloaded the response (`serverVersion`, all other answers
   * applied to the form), so the queue is re-based on it and sent again.
   */
  resolve(choices: Record<string, "mine" | "theirs">, serverVersion: number): void {
    for (const [key, choice] of Object.entries(choices)) if (choice === "theirs") delete this.state.changes[key];
    this.state.baseVersion = serverVersion;
    this.blocked = false;
    this.persist();
    // keeping the colleague's answer everywhere leaves nothing to send: the form now shows exactly
    // what is saved, so the "Not saved" status must not linger
    if (!this.hasPending) this.opts.onStatus({ kind: "saved", at: new Date() });
    void this.flush();
  }

  /** Nothing queued, nothing in flight, no conflict open: the form shows exactly the server's version. */
  get idle(): boolean {
    return !this.hasPending && !this.inFlight && !this.blocked;
  }

  /** The form was brought up to date with the server's `version` (only valid while idle). */
  rebase(version: number): void {
    if (this.idle) this.state.baseVersion = version;
  }

  /** The response is read-only (submitted): stop saving and forget the queue. */
  stop(): void {
    this.blocked = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
  }

  clear(): void {
    this.state.changes = {};
    this.uiDirty = false;
    this.persist();
  }

  /** Leaving the page: send what is pending with a keepalive request (it outlives the page). */
  flushOnLeave(): void {
    this.beforeSave();
    if (!this.hasPending) return;
    this.persist(true); // another tab may adopt this queue at once
    if (this.blocked || this.inFlight) return;
    const contributor = this.opts.contributor();
    if (!contributor) return;
    const ui = this.uiDirty ? this.state.uiState : undefined;
    this.opts.api.patch(this.state.baseVersion, { changes: { ...this.state.changes }, contributor, uiState: ui }, true).catch(() => {});
    // The queue stays in localStorage until a normal save confirms it; re-sending the same values is harmless.
  }
}

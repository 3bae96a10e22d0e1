/**
 * The panellist's API client. The link's token is read once from the #fragment, exchanged for an
 * HttpOnly session cookie (POST /api/delphi/session) and forgotten: the page keeps no copy of the
 * link, and "Sign out" ends the session on the server.
 */
import type { PanellistRoundDto } from "../../../server/contracts/delphi.ts";

export class PanelApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where an earlier version of this page kept the token; removed so no copy of the link stays in the browser. */
const LEGACY_KEY = "lada:delphi-token";

async function call<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return {} as T;
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new PanelApiError(res.status, String(json.message ?? `Request failed (${res.status})`));
  return json as T;
}

/**
 * If the address carries a link token, exchange it for a session and take it out of the address
 * bar and history. Returns false when there was no token (an existing session may still work).
 */
let adopting: Promise<boolean> | null = null;

export function adoptLink(): Promise<boolean> {
  sessionStorage.removeItem(LEGACY_KEY);
  const token = window.location.hash.replace(/^#/, "");
  if (!token) return adopting ?? Promise.resolve(false); // a second mount (React StrictMode) waits for the first exchange
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  adopting = call<{ ok: boolean }>("/api/delphi/session", "POST", { token }).then(() => true);
  return adopting;
}

export type RatingValue = number | "unable" | null;

export const panelApi = {
  round: () => call<PanellistRoundDto>("/api/delphi/round"),
  save: (ratings: Record<string, RatingValue>, comments?: Record<string, string>) => call<{ ok: boolean }>("/api/delphi/ratings", "PUT", comments ? { ratings, comments } : { ratings }),
  propose: (name: string, rationale: string) => call<{ id: string }>("/api/delphi/proposals", "POST", { name, rationale }),
  submit: () => call<{ ok: boolean }>("/api/delphi/round/submit", "POST", {}),
  signOut: () => call<Record<string, never>>("/api/delphi/session", "DELETE"),
};

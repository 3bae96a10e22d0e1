/** The panellist's API client: the link token from the #fragment, sent as a Bearer token (kept for this tab only). */
import type { PanellistRoundDto } from "../../../server/contracts/delphi.ts";

export class PanelApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const KEY = "lada:delphi-token";

/** Take the token from the address bar into this tab's storage, so a reload keeps working but the link leaves the history. */
export function adoptToken(): string | null {
  const fromHash = window.location.hash.replace(/^#/, "");
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(KEY);
}

async function call<T>(token: string, path: string, method = "GET", body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new PanelApiError(res.status, String(json.message ?? `Request failed (${res.status})`));
  return json as T;
}

export type RatingValue = number | "unable" | null;

export const panelApi = {
  round: (token: string) => call<PanellistRoundDto>(token, "/api/delphi/round"),
  save: (token: string, ratings: Record<string, RatingValue>, comments?: Record<string, string>) =>
    call<{ ok: boolean }>(token, "/api/delphi/ratings", "PUT", comments ? { ratings, comments } : { ratings }),
  propose: (token: string, name: string, rationale: string) => call<{ id: string }>(token, "/api/delphi/proposals", "POST", { name, rationale }),
  submit: (token: string) => call<{ ok: boolean }>(token, "/api/delphi/round/submit", "POST", {}),
};

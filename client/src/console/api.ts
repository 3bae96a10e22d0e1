/** Fetch wrapper for the console: same-origin cookie session, JSON, CSRF header on state changes. */
import { ApiError } from "../api-error.ts";
import type { Role } from "../../../server/contracts/accounts.ts";
import type { SessionUser } from "../../../server/contracts/auth.ts";

export { ApiError };
export type { Role, SessionUser };

let csrfToken = "";
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function api<T>(path: string, opts: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: "same-origin", body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, String(json.message ?? `Request failed (${res.status})`), json);
  return json as T;
}


const RANK: Record<Role, number> = { admin: 3, researcher: 2, viewer: 1 };
export function hasRole(user: SessionUser | null, role: Role): boolean {
  return !!user && RANK[user.role] >= RANK[role];
}

export const STATUS_LABEL: Record<string, string> = { not_started: "Not started", in_progress: "In progress", submitted: "Submitted" };

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

export interface DownloadedFile {
  fileName: string;
  bytes: number;
  /** milliseconds from the request to the last byte */
  elapsedMs: number;
  at: Date;
}

/**
 * POST a JSON body (with the CSRF token) and save the file the server sends back under its own
 * name. Resolves once the browser has been handed the file, with its size and how long it took.
 */
export async function downloadFile(path: string, body: unknown, fallbackName: string): Promise<DownloadedFile> {
  const started = performance.now();
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, { method: "POST", headers, credentials: "same-origin", body: JSON.stringify(body) });
  if (!res.ok) {
    let json: Record<string, unknown> = {};
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch {
      json = {};
    }
    throw new ApiError(res.status, String(json.message ?? `Download failed (${res.status})`), json);
  }
  const blob = await res.blob();
  const fileName = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the file once the click has been handled
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, bytes: blob.size, elapsedMs: performance.now() - started, at: new Date() };
}

/** "1.2 MB", "340 KB", "900 bytes" */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  if (n < 1_000_000) return `${Math.round(n / 1000)} KB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

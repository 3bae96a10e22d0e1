/** Calls to the respondent API. Cookies carry the LA session (set by exchangeToken). */
import type { WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";

export interface Contributor {
  name: string;
  role: string;
  /** work e-mail, optional; seen only by the research team */
  email?: string;
}

export interface UiState {
  currentPageNo?: number;
  currentPageName?: string;
}

export interface ResponseState {
  la: { code: string; name: string };
  definition: { id: string; version: number };
  data: Record<string, unknown>;
  version: number;
  status: "not_started" | "in_progress" | "submitted";
  contributors: { name: string; role: string; lastSeenAt: string }[];
  uiState: UiState;
  lastSavedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  lastEdits: Record<string, { name: string; role: string; at: string }>;
  /** Saved answers the page leaves out because they no longer fit the questionnaire. */
  unreadable?: { key: string; label: string; message: string }[];
}

/** Who last changed an answer, and when (ISO time). */
export interface EditedBy {
  name: string;
  role: string;
  at: string;
}

export interface Conflict {
  question: string;
  yours: unknown;
  theirs: unknown;
  /** who saved `theirs`, and when */
  by?: EditedBy | null;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, keepalive = false): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    keepalive,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = {};
  }
  if (!res.ok) throw new ApiError(res.status, String(parsed.message ?? res.statusText), parsed);
  return parsed as T;
}

export const respondentApi = {
  exchangeToken: (token: string) => call<{ la: { code: string; name: string } }>("POST", "/api/respondent/session", { token }),
  definition: () => call<Record<string, unknown>>("GET", "/api/respondent/definition"),
  response: () => call<ResponseState>("GET", "/api/respondent/response"),
  welcome: () => call<WelcomeDto>("GET", "/api/respondent/welcome"),
  patch: (
    version: number,
    body: { changes: Record<string, unknown>; contributor: Contributor; uiState?: UiState },
    keepalive = false,
  ) => call<{ version: number; updates: Record<string, unknown>; updatedBy?: Record<string, EditedBy> }>("PATCH", "/api/respondent/response", body, { "if-match": String(version) }, keepalive),
  /** The LA's released feedback report (404 until researchers release it). */
  report: () => call<FeedbackReportDto>("GET", "/api/respondent/report"),
  signOut: () => call<Record<string, never>>("DELETE", "/api/respondent/session"),
  submit: (contributor: Contributor) =>
    call<{ submittedAt: string; submittedBy: string; version: number }>("POST", "/api/respondent/response/submit", { contributor }),
};

export type RespondentApi = typeof respondentApi;

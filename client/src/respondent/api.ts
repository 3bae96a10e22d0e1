/** Calls to the respondent API. Cookies carry the LA session (set by exchangeToken). */
import type { StudyContactDto, WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";
import type {
  Conflict,
  Contributor,
  EditedBy,
  PatchReply,
  ResponseReply,
  SessionReply,
  SubmitReply,
  UiState,
} from "../../../server/contracts/respondent.ts";
import { ApiError } from "../api-error.ts";
import type { MyDetailsBody, MyDetailsReply } from "../../../server/contracts/respondent-contributor.ts";
import type { CreateHandoffReplyDto, HandoffDto, HandoffListDto } from "../../../server/contracts/section-handoffs.ts";

export { ApiError };
export type { Conflict, Contributor, EditedBy, UiState };

/** The response as GET /api/respondent/response gives it, with the page position the survey stored. */
export type ResponseState = Omit<ResponseReply, "uiState"> & { uiState: UiState };

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

/**
 * The link itself as the credential, for the first reads made while the link is still being
 * exchanged for the session cookie (they need not wait for it); afterwards the cookie serves.
 */
const withLink = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

export const respondentApi = {
  exchangeToken: (token: string) => call<SessionReply>("POST", "/api/respondent/session", { token }),
  definition: (token?: string) => call<Record<string, unknown>>("GET", "/api/respondent/definition", undefined, withLink(token)),
  response: (token?: string) => call<ResponseState>("GET", "/api/respondent/response", undefined, withLink(token)),
  welcome: (token?: string) => call<WelcomeDto>("GET", "/api/respondent/welcome", undefined, withLink(token)),
  /** Who to write to, without a session (for a link that does not work). */
  studyContact: () => call<{ contact: StudyContactDto | null }>("GET", "/api/respondent/study-contact"),
  patch: (
    version: number,
    body: { changes: Record<string, unknown>; contributor: Contributor; uiState?: UiState },
    keepalive = false,
    // updatedBy may be absent (a server from before it was added): the autosave does without it
  ) => call<Omit<PatchReply, "updatedBy"> & Partial<Pick<PatchReply, "updatedBy">>>("PATCH", "/api/respondent/response", body, { "if-match": String(version) }, keepalive),
  /** The LA's released feedback report (404 until researchers release it). */
  report: () => call<FeedbackReportDto>("GET", "/api/respondent/report"),
  handoffs: () => call<HandoffListDto>("GET", "/api/respondent/handoffs"),
  createHandoff: (body: { page: string; colleagueName: string; colleagueEmail?: string; note?: string; contributor: { name: string; role: string } }) =>
    call<CreateHandoffReplyDto>("POST", "/api/respondent/handoffs", body),
  cancelHandoff: (id: string, contributor: { name: string; role: string }) => call<{ id: string; cancelled: boolean }>("POST", `/api/respondent/handoffs/${id}/cancel`, { contributor }),
  acceptHandoff: (id: string, contributor: { name: string; role: string }) => call<HandoffDto>("POST", `/api/respondent/handoffs/${id}/accept`, { contributor }),
  /** Your details as this browser gave them (null before): the server knows you by a key in a cookie. */
  myDetails: () => call<MyDetailsReply>("GET", "/api/respondent/contributor"),
  saveMyDetails: (body: MyDetailsBody) => call<MyDetailsReply>("PUT", "/api/respondent/contributor", body),
  forgetMe: () => call<Record<string, never>>("DELETE", "/api/respondent/contributor"),
  signOut: () => call<Record<string, never>>("DELETE", "/api/respondent/session"),
  submit: (contributor: Contributor) =>
    call<SubmitReply>("POST", "/api/respondent/response/submit", { contributor }),
};

export type RespondentApi = typeof respondentApi;

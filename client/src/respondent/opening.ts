/**
 * Opening the questionnaire at /r: the link's token exchanged for the session cookie and, at the
 * same time (presenting the link itself), the definition, the answers so far and the first
 * screen's text read together. The first script
 * (main.tsx) starts this, and the survey's code, as soon as it runs on /r, so the requests and the
 * large survey chunk travel side by side instead of one after the other behind React's first render;
 * the page takes the result when it mounts.
 */
import { ApiError, respondentApi, type ResponseState } from "./api.ts";
import type { StudyContactDto, WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";

/**
 * "invalid": the server refused the link or session. `missing`: /r was opened with no link at all and
 * this browser has no session (usually an address copied from someone's address bar, which never
 * holds the link): the page then asks for the invitation e-mail rather than calling the link expired.
 */
export type Opened =
  | { kind: "invalid"; message: string; missing?: boolean; contact?: StudyContactDto | null }
  | { kind: "error"; message: string }
  | { kind: "ready"; definition: Record<string, unknown>; response: ResponseState; welcome: WelcomeDto };

/** The definition, the answers and the first screen's text: with the link's token, else the session cookie. */
export async function readSurvey(token?: string): Promise<Opened> {
  try {
    const [definition, response, welcome] = await Promise.all([respondentApi.definition(token), respondentApi.response(token), respondentApi.welcome(token)]);
    return { kind: "ready", definition, response, welcome };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 429)) return { kind: "invalid", message: err.message };
    return { kind: "error", message: err instanceof ApiError ? err.message : "Could not reach the survey server. Check your connection and reload." };
  }
}

/**
 * The link's token (in the #fragment) exchanged once for the session cookie, and the survey read
 * alongside with the token: a round trip less before the page can be drawn. What the exchange says
 * of the link decides; the reads' answer is used only when the link was accepted.
 */
export async function openSurvey(): Promise<Opened> {
  const token = window.location.hash.replace(/^#/, "");
  // Take the token out of the address bar and history once the server has answered about it;
  // if the server cannot be reached it stays, so that reloading the page tries again.
  const forgetToken = () => window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  const reads = readSurvey(token || undefined);
  if (token) {
    try {
      await respondentApi.exchangeToken(token);
      forgetToken();
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) {
        forgetToken();
        return withContact({ kind: "invalid", message: err.message });
      }
      return { kind: "error", message: "Could not reach the survey server. Check your connection and reload the page." };
    }
  }
  const opened = await reads;
  if (opened.kind !== "invalid") return opened;
  return withContact(token ? opened : { ...opened, missing: true });
}

/** A link that does not work says whom to write to (a failure to read the contact only leaves it out). */
async function withContact(o: Extract<Opened, { kind: "invalid" }>): Promise<Opened> {
  try {
    return { ...o, contact: (await respondentApi.studyContact()).contact };
  } catch {
    return { ...o, contact: null };
  }
}

let early: Promise<Opened> | null = null;

/** Called by the first script on /r, before React renders anything. */
export function openEarly(): void {
  early ??= openSurvey();
}

/** The opening started early, once: a later visit to the page in the same tab reads afresh. */
export function takeOpening(): Promise<Opened> {
  const p = early ?? openSurvey();
  early = null;
  return p;
}

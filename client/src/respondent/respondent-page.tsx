/**
 * /r — the LA's questionnaire. The link is `/r#<token>`: the token is exchanged once for an HttpOnly
 * cookie and removed from the address bar (fragments never reach servers or Referer headers).
 */
import { useEffect, useRef, useState } from "react";
import { ApiError, respondentApi, type ResponseState } from "./api.ts";
import type { WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";
import { SurveyScreen } from "./survey-screen.tsx";
import "./respondent.css";

type Phase =
  | { kind: "loading" }
  | { kind: "invalid"; message: string }
  | { kind: "error"; message: string }
  | { kind: "ready"; definition: Record<string, unknown>; response: ResponseState; welcome: WelcomeDto };

export default function RespondentPage() {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const started = useRef(false);

  async function load(): Promise<void> {
    try {
      const [definition, response, welcome] = await Promise.all([respondentApi.definition(), respondentApi.response(), respondentApi.welcome()]);
      setPhase({ kind: "ready", definition, response, welcome });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 429)) setPhase({ kind: "invalid", message: err.message });
      else setPhase({ kind: "error", message: err instanceof ApiError ? err.message : "Could not reach the survey server. Check your connection and reload." });
    }
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = window.location.hash.replace(/^#/, "");
    // Take the token out of the address bar and history once the server has answered about it;
    // if the server cannot be reached it stays, so that reloading the page tries again.
    const forgetToken = () => window.history.replaceState(null, "", window.location.pathname + window.location.search);
    void (async () => {
      if (token) {
        try {
          await respondentApi.exchangeToken(token);
          forgetToken();
        } catch (err) {
          if (err instanceof ApiError && err.status < 500) {
            forgetToken();
            setPhase({ kind: "invalid", message: err.message });
          } else {
            setPhase({ kind: "error", message: "Could not reach the survey server. Check your connection and reload the page." });
          }
          return;
        }
      }
      await load();
    })();
  }, []);

  if (phase.kind === "loading") {
    return (
      <main id="main" className="page respondent">
        <p role="status">Opening your survey…</p>
      </main>
    );
  }
  if (phase.kind === "invalid" || phase.kind === "error") {
    return (
      <main id="main" className="page respondent">
        <h1>{phase.kind === "invalid" ? "This link does not work" : "Something went wrong"}</h1>
        <p role="alert">{phase.message}</p>
        {phase.kind === "invalid" && <p>Use the full link from your invitation e-mail, or ask the research team for a new link.</p>}
      </main>
    );
  }
  return <SurveyScreen definition={phase.definition} initial={phase.response} welcome={phase.welcome} reload={load} />;
}

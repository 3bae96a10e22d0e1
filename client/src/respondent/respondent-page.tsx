/**
 * /r — the LA's questionnaire. The link is `/r#<token>`: the token is exchanged once for an HttpOnly
 * cookie and removed from the address bar (fragments never reach servers or Referer headers).
 * The exchange and the reads usually started already in the first script (opening.ts).
 */
import { useEffect, useRef, useState } from "react";
import { readSurvey, takeOpening, type Opened } from "./opening.ts";
import { SurveyScreen } from "./survey-screen.tsx";
import "./respondent.css";

type Phase = { kind: "loading" } | Opened;

export default function RespondentPage() {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const started = useRef(false);

  async function load(): Promise<void> {
    setPhase(await readSurvey());
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void takeOpening().then(setPhase);
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

/**
 * /r — the LA's questionnaire. The link is `/r#<token>`: the token is exchanged once for an HttpOnly
 * cookie and removed from the address bar (fragments never reach servers or Referer headers).
 * The exchange and the reads usually started already in the first script (opening.ts).
 */
import { useEffect, useRef, useState } from "react";
import { readSurvey, takeOpening, type Opened } from "./opening.ts";
import { SurveyScreen } from "./survey-screen.tsx";
import { ContactSentence } from "./study-contact.tsx";
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
  if (phase.kind === "invalid") {
    return (
      <main id="main" className="page respondent" data-testid="link-does-not-work">
        <h1>{phase.missing ? "Open the survey from your invitation e-mail" : "This link does not work"}</h1>
        {phase.missing ? (
          <>
            <p role="alert">Open the survey from the link in your invitation e-mail. The address in a browser&apos;s address bar does not open it.</p>
            <p>To ask a colleague to answer a section, forward them the invitation e-mail.</p>
          </>
        ) : (
          <>
            <p role="alert">{phase.message}</p>
            <p>Use the full link from your invitation e-mail, or ask the research team for a new link.</p>
          </>
        )}
        {phase.contact && (
          <p data-testid="contact">
            <ContactSentence contact={phase.contact} lead="If you cannot find the e-mail or the link does not work, contact" />
          </p>
        )}
      </main>
    );
  }
  if (phase.kind === "error") {
    return (
      <main id="main" className="page respondent">
        <h1>Something went wrong</h1>
        <p role="alert">{phase.message}</p>
      </main>
    );
  }
  return <SurveyScreen definition={phase.definition} initial={phase.response} welcome={phase.welcome} reload={load} />;
}

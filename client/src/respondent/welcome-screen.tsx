/**
 * The first screen (GOV.UK start-page pattern): what the survey is, who runs it and why, how the
 * answers are used and shared, the deadline, the time it takes (the same estimate the survey counts
 * down from), which sections a colleague is best placed to answer, the privacy notice and a contact.
 * All of it comes from the survey definition (GET /api/respondent/welcome).
 */
import { useEffect, useRef } from "react";
import type { WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";
import { aboutMinutes, timeBreakdown, timeSentence } from "./time-estimate.ts";
import { ContactSentence } from "./study-contact.tsx";

function longDate(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function WelcomeScreen({ welcome, returning, onStart }: { welcome: WelcomeDto; returning: boolean; onStart: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${welcome.title} – ${welcome.la.name}`;
    heading.current?.focus();
  }, [welcome]);
  const groups = timeBreakdown(welcome).roles;
  return (
    <main id="main" className="page respondent welcome" data-testid="welcome">
      <p className="la-name-caption">{welcome.la.name}</p>
      <h1 ref={heading} tabIndex={-1}>
        {welcome.title}
      </h1>
      <p className="lead">{welcome.runBy}</p>
      {welcome.purpose.map((p, i) => (
        <p key={i}>{p}</p>
      ))}

      <h2>Before you start</h2>
      <ul className="welcome-facts">
        {welcome.deadline && (
          <li data-testid="deadline">
            Please finish by <strong>{longDate(welcome.deadline)}</strong>.
          </li>
        )}
        <li data-testid="time-estimate">{timeSentence(welcome)} You can stop at any time: answers save as you go, and the link in your invitation e-mail brings you back to where you were.</li>
        <li>{welcome.whoShouldAnswer}</li>
      </ul>

      <button type="button" className="button start-button" onClick={onStart}>
        {returning ? "Continue" : "Start now"}
        <svg className="start-arrow" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>
      </button>

      <details className="welcome-details">
        <summary>Sections, and who is best placed to answer them</summary>
        <dl className="role-sections">
          {groups.map((g) => (
            <div key={g.role}>
              <dt>
                {g.role} <span className="hint">({aboutMinutes(g.minutes)})</span>
              </dt>
              <dd>{g.titles.join("; ")}</dd>
            </div>
          ))}
        </dl>
      </details>

      <h2>How your answers are used</h2>
      {welcome.use.map((p, i) => (
        <p key={i}>{p}</p>
      ))}

      <h2>Your privacy</h2>
      <p>{welcome.privacy.summary}</p>
      {welcome.privacy.notice.length > 0 && (
        <details className="welcome-details">
          <summary>Privacy notice</summary>
          {welcome.privacy.notice.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </details>
      )}

      {welcome.contact && (
        <>
          <h2>Questions about the survey</h2>
          <p data-testid="contact">
            <ContactSentence contact={welcome.contact} />
          </p>
        </>
      )}
    </main>
  );
}

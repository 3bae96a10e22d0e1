/**
 * Words about colleagues' changes: who changed an answer and when (for the conflict dialog), and a
 * quiet notice when their changes arrive in this browser ("Sam Jones changed 3 answers on this
 * page"). The notice is a polite live region that is always in the page (so screen readers announce
 * new text in it) and never takes focus: the person may be typing.
 */
import type { SurveyModel } from "survey-core";
import type { EditedBy } from "./api.ts";
import { splitKey } from "./survey-changes.ts";

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:32" today, otherwise "3 Dec at 14:32". */
export function whenText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  return sameDay(at, now) ? time : `${at.toLocaleDateString("en-GB", { day: "numeric", month: "short" })} at ${time}`;
}

/** "Priya Shah (Head of Performance) changed this at 14:32"; a plain sentence when nobody is known. */
export function changedByText(by: EditedBy | null | undefined, now = new Date()): string {
  if (!by) return "A colleague changed this after you opened the page.";
  return `${by.name} (${by.role}) changed this at ${whenText(by.at, now)}`;
}

/** The page a change key's question is on (null when the question is not in the survey). */
export function pageOfKey(survey: SurveyModel, key: string): string | null {
  const base = splitKey(survey, key).name.replace(/-Comment$/, "");
  const q: any = survey.getQuestionByValueName(base) ?? survey.getQuestionByName(base);
  return q?.page?.name ?? null;
}

const answers = (n: number) => `${n} ${n === 1 ? "answer" : "answers"}`;

/**
 * One sentence per colleague: "Sam Jones changed 3 answers on this page" (and how many elsewhere).
 * `keys` are the change keys that arrived; `by` who last changed each. Empty when nothing to say.
 */
export function arrivalNotice(survey: SurveyModel, currentPage: string | null, keys: string[], by: Record<string, EditedBy>): string {
  const people = new Map<string, { here: number; elsewhere: number }>();
  for (const key of keys) {
    const who = by[key]?.name ?? "A colleague";
    const counts = people.get(who) ?? { here: 0, elsewhere: 0 };
    if (currentPage !== null && pageOfKey(survey, key) === currentPage) counts.here++;
    else counts.elsewhere++;
    people.set(who, counts);
  }
  return [...people.entries()]
    .map(([who, c]) => {
      if (c.here > 0 && c.elsewhere > 0) return `${who} changed ${answers(c.here)} on this page and ${answers(c.elsewhere)} on other pages.`;
      if (c.here > 0) return `${who} changed ${answers(c.here)} on this page.`;
      return `${who} changed ${answers(c.elsewhere)} on other pages.`;
    })
    .join(" ");
}

/** Always rendered: an empty live region first, so the message that arrives later is announced. */
export function ColleagueNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="colleague-notice-region" role="status" aria-live="polite" data-testid="colleague-notice">
      {message && (
        <p className="colleague-notice">
          {message}{" "}
          <button type="button" className="link-button" onClick={onDismiss}>
            Hide this message
          </button>
        </p>
      )}
    </div>
  );
}

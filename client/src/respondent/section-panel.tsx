/**
 * Above each section of the questionnaire: who has answered it (from who last changed each answer),
 * whether it was handed to a colleague and how that stands, and a way to send it to a colleague
 * (name, optional work e-mail, optional note). A hand-off does not make a new link: the colleague
 * opens the LA's own link and picks "I am Sam Jones" when asked who is answering, so the words to
 * pass on are shown to copy.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { SurveyModel } from "survey-core";
import type { CreateHandoffReplyDto, HandoffDto } from "../../../server/contracts/section-handoffs.ts";
import { ApiError, respondentApi, type Contributor, type EditedBy } from "./api.ts";
import { pageOfKey, whenText } from "./colleague-changes.tsx";
import { handoffWords } from "../../../server/domain/responses/handoff-words.ts";

export interface SectionAuthors {
  /** "Priya Shah (Head of Performance)", most answers first */
  people: string[];
  lastAt: string;
}

/** Per section (page name): who last changed its answers, and the newest change. */
export function sectionAuthors(survey: SurveyModel, lastEdits: Record<string, EditedBy>): Map<string, SectionAuthors> {
  const counts = new Map<string, Map<string, number>>();
  const latest = new Map<string, string>();
  for (const [key, edit] of Object.entries(lastEdits)) {
    const page = pageOfKey(survey, key);
    if (!page) continue;
    const who = `${edit.name} (${edit.role})`;
    const people = counts.get(page) ?? new Map<string, number>();
    people.set(who, (people.get(who) ?? 0) + 1);
    counts.set(page, people);
    if ((latest.get(page) ?? "") < edit.at) latest.set(page, edit.at);
  }
  const out = new Map<string, SectionAuthors>();
  for (const [page, people] of counts) {
    out.set(page, { people: [...people.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p), lastAt: latest.get(page)! });
  }
  return out;
}

export function authorsText(a: SectionAuthors | undefined): string {
  if (!a) return "Nobody has answered this section yet.";
  const names = a.people.length <= 2 ? a.people.join(" and ") : `${a.people.slice(0, -1).join(", ")} and ${a.people.at(-1)}`;
  return `Answered by ${names}; last change ${whenText(a.lastAt)}.`;
}

export const handoffText = (h: HandoffDto): string => handoffWords(h);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function HandoffForm({ page, title, me, onDone, onCancel }: { page: string; title: string; me: Contributor; onDone: (made: CreateHandoffReplyDto) => void; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Enter your colleague’s name");
    if (email.trim() && !EMAIL.test(email.trim())) return setError("Enter their work e-mail address in the correct format, like name@council.gov.uk, or leave it empty");
    setBusy(true);
    try {
      const out = await respondentApi.createHandoff({
        page,
        colleagueName: name.trim(),
        ...(email.trim() ? { colleagueEmail: email.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        contributor: { name: me.name, role: me.role },
      });
      onDone(out);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not reach the server. Try again shortly.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="handoff-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="handoff-heading">
      <h2 id="handoff-heading">Send “{title}” to a colleague</h2>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <label htmlFor="handoff-name">Colleague’s name</label>
      <input id="handoff-name" value={name} maxLength={120} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      <label htmlFor="handoff-email">Their work e-mail (optional)</label>
      <input id="handoff-email" type="email" value={email} maxLength={254} spellCheck={false} autoComplete="off" onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="handoff-note">A note for them (optional)</label>
      <textarea id="handoff-note" value={note} maxLength={1000} rows={3} onChange={(e) => setNote(e.target.value)} />
      <div>
        <button type="submit" className="button" disabled={busy}>
          Hand over this section
        </button>{" "}
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface Props {
  page: string;
  title: string;
  authors: SectionAuthors | undefined;
  handoff: HandoffDto | undefined;
  me: Contributor;
  onChanged: () => void;
}

export function SectionPanel({ page, title, authors, handoff: listed, me, onChanged }: Props) {
  const [open, setOpen] = useState(false);
  const [made, setMade] = useState<CreateHandoffReplyDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine = made?.handoff.page === page ? made : null;
  // the hand-off just made is shown from the server's reply at once, not only once the list of
  // hand-offs has reloaded: until then the words to pass on were missing and the "Send this
  // section" link came back, as if nothing had been sent. Once the list has it, the list decides
  // (a hand-off cancelled elsewhere then goes).
  const inList = useRef(false);
  useEffect(() => {
    if (listed && made && listed.id === made.handoff.id) inList.current = true;
  }, [listed, made]);
  const handoff = listed ?? (mine && !inList.current ? mine.handoff : undefined);
  const shown = mine?.instructions ?? null;

  async function cancel(h: HandoffDto) {
    try {
      await respondentApi.cancelHandoff(h.id, { name: me.name, role: me.role });
      setMade(null);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not reach the server. Try again shortly.");
    }
  }

  return (
    <section className="section-panel" aria-label={`About the section ${title}`} data-testid="section-panel">
      <p className="hint" data-testid="section-answered-by">
        {authorsText(authors)}
      </p>
      {handoff ? (
        <p data-testid="section-handoff">
          <strong>{handoffText(handoff)}</strong>{" "}
          <button type="button" className="link-button" onClick={() => void cancel(handoff)}>
            Cancel the hand-off
          </button>
        </p>
      ) : open ? (
        <HandoffForm
          page={page}
          title={title}
          me={me}
          onCancel={() => setOpen(false)}
          onDone={(reply) => {
            setOpen(false);
            inList.current = false;
            setMade(reply);
            onChanged();
          }}
        />
      ) : (
        <p>
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            Send this section to a colleague
          </button>
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {shown && handoff && (
        <div className="handoff-instructions" data-testid="handoff-instructions">
          <label htmlFor="handoff-text">What to send {handoff.colleagueName}</label>
          <p className="hint" id="handoff-text-hint">
            Forward your invitation e-mail to {handoff.colleagueName} and paste this into it. The link in that e-mail works for colleagues; the address in your browser's address bar does not. The service cannot send the link for you: it keeps it only in a form it cannot read back.
          </p>
          <textarea id="handoff-text" readOnly rows={5} value={shown} aria-describedby="handoff-text-hint" />
        </div>
      )}
    </section>
  );
}

/** On the check-your-answers page: every section with who answered it and any hand-off. */
export function SectionAttribution({ sections, authors, handoffs }: { sections: { name: string; title: string }[]; authors: Map<string, SectionAuthors>; handoffs: HandoffDto[] }) {
  return (
    <section className="section-attribution" aria-labelledby="attribution-heading" data-testid="section-attribution">
      <h2 id="attribution-heading">Who answered each section</h2>
      <dl>
        {sections.map((s) => {
          const h = handoffs.find((x) => x.page === s.name);
          return (
            <div key={s.name} className="summary-row" data-page={s.name}>
              <dt>{s.title}</dt>
              <dd>
                {authorsText(authors.get(s.name))}
                {h && <> {handoffText(h)}</>}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

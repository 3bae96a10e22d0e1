/**
 * /delphi — a panellist's page. The link is `/delphi#<token>`: the token is exchanged once for an
 * HttpOnly session cookie and taken out of the address bar; "Sign out" ends the session. Each rating is saved as soon as it is chosen, comments when
 * the panellist pauses typing or leaves the box; "Submit my ratings" finishes the round (after a check
 * when items are still unrated: submit-check.tsx). From round
 * 2, each item shows how the panel rated it last round (overall, and groups with enough raters),
 * the panellist's own previous rating and comments the research team approved.
 */
import { useEffect, useRef, useState } from "react";
import type { PanellistRoundDto } from "../../../server/contracts/delphi.ts";
import { adoptLink, panelApi, PanelApiError, type RatingValue } from "./panellist-api.ts";
import { ProposalForm } from "./proposal-form.tsx";
import { OpenToShow, RatingChart } from "./rating-chart.tsx";
import { goToItem, Progress, SubmitCheck } from "./submit-check.tsx";
import "./delphi.css";

type Item = PanellistRoundDto["items"][number];
type Feedback = NonNullable<Item["feedback"]>;

const SCALE_HINT = "1–3 not important, 4–6 important but not critical, 7–9 critical";
const ratingWords = (r: RatingValue) => (r === null ? "not rated" : r === "unable" ? "unable to rate" : String(r));
const fmt = (n: number | null) => (n === null ? "—" : String(Math.round(n * 10) / 10));

function FeedbackBox({ fb, name }: { fb: Feedback; name: string }) {
  const shown = [{ label: "Whole panel", ...fb }, ...fb.byGroup];
  return (
    <div className="panel-feedback">
      <p>
        <strong>Your rating last round: {ratingWords(fb.yourPrevious as RatingValue)}</strong>
      </p>
      <OpenToShow summary="How the panel rated this last round">
        <ul>
          {shown.map((d) => (
            <li key={d.label}>
              {d.label}: median {fmt(d.median)}, middle half {fmt(d.q1)}–{fmt(d.q3)}, {d.nRated} {d.nRated === 1 ? "rating" : "ratings"}
            </li>
          ))}
        </ul>
        <RatingChart title={`ratings of “${name}” last round`} caption={`Ratings of “${name}” last round`} series={shown.map((d) => ({ label: d.label, distribution: d.distribution }))} />
        {fb.byGroup.length === 0 && <p className="hint">Groups are shown only where at least 5 of their members rated the item.</p>}
      </OpenToShow>
      {fb.comments.length > 0 && (
        <>
          <p>Comments from the panel:</p>
          <ul>
            {fb.comments.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ItemRating({ item, disabled, onRate, onComment }: { item: Item; disabled: boolean; onRate: (v: RatingValue) => void; onComment: (text: string, now: boolean) => void }) {
  const name = `rating-${item.id}`;
  const options: { value: RatingValue; label: string }[] = [...Array.from({ length: 9 }, (_, i) => ({ value: i + 1, label: String(i + 1) })), { value: "unable", label: "Unable to rate" }];
  return (
    <section className="panel-item" id={`item-${item.id}`} aria-labelledby={`item-${item.id}-name`}>
      <h3 id={`item-${item.id}-name`}>{item.name}</h3>
      <p className="hint">{item.definition}</p>
      {item.feedback && <FeedbackBox fb={item.feedback} name={item.name} />}
      <fieldset disabled={disabled} aria-describedby={`${name}-hint`}>
        <legend>How important is “{item.name}”?</legend>
        <p className="hint" id={`${name}-hint`}>
          {SCALE_HINT}
        </p>
        <div className="panel-scale">
          {options.map((o) => (
            <label key={String(o.value)}>
              <input type="radio" name={name} checked={item.rating === o.value} onChange={() => onRate(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
      </fieldset>
      <label htmlFor={`comment-${item.id}`}>Comment (optional)</label>
      <textarea
        id={`comment-${item.id}`}
        rows={2}
        disabled={disabled}
        value={item.comment}
        onChange={(e) => onComment(e.target.value, false)}
        onBlur={(e) => onComment(e.target.value, true)}
      />
    </section>
  );
}

const NO_LINK = "This page needs the private link from your invitation e-mail.";

export default function PanellistPage() {
  const [data, setData] = useState<PanellistRoundDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const inFlight = useRef(new Set<Promise<boolean>>());
  const h1 = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = "Delphi consultation – LA Data Capability Audit";
    let cancelled = false;
    adoptLink()
      .then(async (fromLink) => {
        try {
          const round = await panelApi.round();
          if (!cancelled) setData(round);
        } catch (e) {
          // no link and no session: the page was opened without the private link
          if (!fromLink && e instanceof PanelApiError && e.status === 401) throw new PanelApiError(401, NO_LINK);
          throw e;
        }
      })
      .catch((e: Error) => !cancelled && setProblem(e instanceof PanelApiError && e.status === 401 ? e.message : `Could not load your round: ${e.message}`));
    return () => {
      cancelled = true;
    };
  }, []);

  function patch(id: string, change: Partial<Item>) {
    setData((d) => d && { ...d, items: d.items.map((i) => (i.id === id ? { ...i, ...change } : i)) });
  }

  /** Resolves false when the save failed (the status says why). */
  function save(ratings: Record<string, RatingValue>, comments?: Record<string, string>): Promise<boolean> {
    setStatus({ ok: true, text: "Saving…" });
    const saving = panelApi.save(ratings, comments).then(
      () => {
        setStatus({ ok: true, text: `Saved at ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}` });
        return true;
      },
      (e: Error) => {
        setStatus({ ok: false, text: `Not saved: ${e.message}` });
        return false;
      },
    );
    inFlight.current.add(saving);
    void saving.finally(() => inFlight.current.delete(saving));
    return saving;
  }

  function rate(id: string, v: RatingValue) {
    patch(id, { rating: v });
    void save({ [id]: v });
  }

  function comment(id: string, text: string, now: boolean) {
    patch(id, { comment: text });
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    if (now) void save({}, { [id]: text });
    else
      timers.current.set(
        id,
        setTimeout(() => {
          timers.current.delete(id);
          void save({}, { [id]: text });
        }, 1500),
      );
  }

  /**
   * Submitting waits for every save still on its way (and sends comments still waiting for a pause in
   * typing): a rating chosen just before "Submit" reaches the server first, and its "Saved at" can no
   * longer replace "Submitted" (nor be refused, as the round would already be submitted).
   */
  async function submit() {
    setChecking(false);
    const waiting = Object.fromEntries(data!.items.filter((i) => timers.current.has(i.id)).map((i) => [i.id, i.comment]));
    for (const t of timers.current.values()) clearTimeout(t);
    timers.current.clear();
    if (Object.keys(waiting).length) void save({}, waiting);
    const saved = await Promise.all([...inFlight.current]);
    if (saved.includes(false)) return; // the status says what was not saved; nothing is submitted
    const unrated = data!.items.filter((i) => i.rating === null).length;
    try {
      await panelApi.submit();
      setData((d) => d && d.round && { ...d, round: { ...d.round, submitted: true } });
      setStatus({ ok: true, text: unrated ? `Submitted. You left ${unrated} ${unrated === 1 ? "item" : "items"} unrated.` : "Submitted. Thank you." });
      h1.current?.focus();
    } catch (e) {
      setStatus({ ok: false, text: (e as Error).message });
    }
  }

  async function signOut() {
    try {
      await panelApi.signOut();
      setData(null);
      setSignedOut(true);
      h1.current?.focus();
    } catch (e) {
      setStatus({ ok: false, text: `Could not sign out: ${(e as Error).message}` });
    }
  }

  const round = data?.round;
  const progress = (data?.items ?? []).map((i) => ({ id: i.id, name: i.name, rated: i.rating !== null }));
  const unrated = progress.some((i) => !i.rated);

  function askToSubmit() {
    if (unrated) setChecking(true);
    else void submit();
  }

  function goBack(id: string) {
    setChecking(false);
    goToItem(id);
  }

  return (
    <main id="main" className="panel-main">
      <h1 ref={h1} tabIndex={-1}>
        {data ? data.study : "Delphi consultation"}
      </h1>
      {problem && (
        <p className="panel-error" role="alert">
          {problem}
        </p>
      )}
      {signedOut && (
        <p className="panel-ok" role="status">
          You have signed out on this device. To come back, open the private link from your invitation e-mail.
        </p>
      )}
      {!problem && !data && !signedOut && <p role="status">Loading your round…</p>}
      {data && !round && <p>There is no round for you to rate at the moment. The research team will e-mail you when the next round opens.</p>}
      {data && round && (
        <>
          <p>
            Round {round.number}
            {round.closesAt ? `, open until ${new Date(round.closesAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}` : ""}. Rate how
            important each indicator is for a national outcomes framework ({SCALE_HINT}). Your answers save as you go; other panellists never see your
            name.
          </p>
          {round.submitted ? <p className="panel-ok">You have submitted this round. Thank you.</p> : <Progress items={progress} />}
          <div className="panel-status" role="status" aria-live="polite">
            {status && <p className={status.ok ? "panel-ok" : "panel-error"}>{status.text}</p>}
          </div>
          {data.items.map((item) => (
            <ItemRating key={item.id} item={item} disabled={round.submitted} onRate={(v) => rate(item.id, v)} onComment={(t, now) => comment(item.id, t, now)} />
          ))}
          {round.number === 1 && <ProposalForm />}
          {!round.submitted && (
            <div className="panel-submit">
              <Progress items={progress} id="panel-progress" />
              {checking && unrated ? (
                <SubmitCheck items={progress} onSubmitAnyway={() => void submit()} onGoBack={goBack} />
              ) : (
                <button type="button" aria-describedby="panel-progress" onClick={askToSubmit}>
                  Submit my ratings
                </button>
              )}
            </div>
          )}
        </>
      )}
      {data && (
        <p className="panel-sign-out">
          <button type="button" className="button-secondary" onClick={() => void signOut()}>
            Sign out on this device
          </button>
        </p>
      )}
    </main>
  );
}

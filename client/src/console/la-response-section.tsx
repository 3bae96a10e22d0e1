/**
 * An LA's answers as a reader wants them: page by page, each question in its own words with the
 * answer labels; a matrix as a table of items × aspects; who last changed each answer and when.
 */
import { useState } from "react";
import type { ReadablePageDto, ReadableQuestionDto } from "../../../server/contracts/response-reading.ts";
import { formatDateTime } from "./api.ts";

function LastEdit({ edit }: { edit: ReadableQuestionDto["lastEdit"] }) {
  if (!edit) return null;
  return (
    <p className="hint answer-by">
      Last changed by {edit.name} ({edit.role}), {formatDateTime(edit.at)}
    </p>
  );
}

/** "Answered by Priya Shah (Head of Performance, 12 answers) and Sam Jones (…); last change …" */
function PageAuthors({ page }: { page: ReadablePageDto }) {
  const people = page.answeredBy.map((c) => `${c.name} (${c.role}, ${c.answers} ${c.answers === 1 ? "answer" : "answers"})`);
  const names = people.length <= 2 ? people.join(" and ") : `${people.slice(0, -1).join(", ")} and ${people.at(-1)}`;
  return (
    <p className="hint page-authors" data-testid="page-authors">
      {people.length === 0 ? "Nobody has answered this page yet." : `Answered by ${names}; last change ${formatDateTime(page.lastChangeAt!)}.`}
      {page.handoff && <> {page.handoff}</>}
    </p>
  );
}

function Answer({ q }: { q: ReadableQuestionDto }) {
  if (q.state === "not_asked") return <p className="hint">Not asked: the questionnaire skipped this question for this LA.</p>;
  if (q.state === "unanswered") return <p className="hint">Not answered.</p>;
  if (q.matrix) {
    return (
      <div className="table-scroll" role="region" aria-label={q.title} tabIndex={0}>
        <table className="console-table answer-matrix">
          <caption className="visually-hidden">{q.title}</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              {q.matrix.columns.map((c) => (
                <th scope="col" key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {q.matrix.rows.map((r) => (
              <tr key={r.title}>
                <th scope="row">{r.title}</th>
                {r.cells.map((c, i) => (
                  <td key={i} className={c === "(no answer)" ? "hint" : undefined}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <>
      {q.answer !== null && <p className="answer-text">{q.answer}</p>}
      {q.other !== null && <p className="answer-text">Other, described: {q.other}</p>}
    </>
  );
}

export function LaResponseSection({ pages }: { pages: ReadablePageDto[] }) {
  const [answeredOnly, setAnsweredOnly] = useState(false);
  const answered = pages.reduce((n, p) => n + p.answered, 0);
  const total = pages.reduce((n, p) => n + p.questions.length, 0);
  if (answered === 0) return <p>No answers yet.</p>;
  return (
    <>
      <p>
        {answered} of {total} questions answered.
      </p>
      <div className="field checkbox no-print">
        <input type="checkbox" id="answered-only" checked={answeredOnly} onChange={(e) => setAnsweredOnly(e.target.checked)} />
        <label htmlFor="answered-only">Show only answered questions</label>
      </div>
      <nav aria-label="Pages of the questionnaire" className="no-print">
        <ol className="page-contents">
          {pages.map((p) => (
            <li key={p.name}>
              <a href={`#page-${p.name}`}>{p.title}</a> <span className="hint">({p.answered} answered)</span>
            </li>
          ))}
        </ol>
      </nav>
      {pages.map((p) => {
        const shown = answeredOnly ? p.questions.filter((q) => q.state === "answered") : p.questions;
        if (answeredOnly && shown.length === 0) return null;
        return (
          <section key={p.name} className="answer-page" aria-labelledby={`page-${p.name}`}>
            <h3 id={`page-${p.name}`} tabIndex={-1}>{p.title}</h3>
            <PageAuthors page={p} />
            {shown.length === 0 ? (
              <p className="hint">No answers on this page.</p>
            ) : (
              shown.map((q) => (
                <div key={q.name} className="answer-question" id={`q-${q.name}`}>
                  <h4>{q.title}</h4>
                  <Answer q={q} />
                  <LastEdit edit={q.lastEdit} />
                </div>
              ))
            )}
          </section>
        );
      })}
    </>
  );
}

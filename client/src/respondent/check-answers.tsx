/**
 * "Check before you submit": every required answer still missing, grouped by section, each a link
 * that opens its section and moves focus to the question (GOV.UK error-summary pattern). Problems
 * only the server finds at submit (422) are listed here in the same way. With nothing missing, the
 * person submits from here.
 */
import { useEffect, useRef } from "react";
import type { SectionState } from "./progress.ts";

export interface ListedProblem {
  key: string;
  label: string;
  /** a broken rule ("Other" without its text, a number out of range) rather than a missing answer */
  rule?: boolean;
  go: () => void;
}

export interface ProblemGroup {
  page: string;
  title: string;
  problems: ListedProblem[];
}

export function groupsFromSections(sections: SectionState[], go: (s: SectionState, i: number) => void): ProblemGroup[] {
  return sections
    .filter((s) => s.gaps.length > 0)
    .map((s) => ({ page: s.name, title: s.title, problems: s.gaps.map((g, i) => ({ key: g.key, label: g.label, rule: g.rule, go: () => go(s, i) })) }));
}

function groupWords(problems: ListedProblem[], fromServer: boolean): string {
  if (fromServer) return `${problems.length} to fix`;
  const rules = problems.filter((p) => p.rule).length;
  const missing = problems.length - rules;
  return [missing > 0 ? `${missing} missing` : "", rules > 0 ? `${rules} to fix` : ""].filter(Boolean).join(", ");
}

interface Props {
  groups: ProblemGroup[];
  /** problems found by the server rather than missing answers */
  fromServer: boolean;
  submitting: boolean;
  onSubmit: () => void;
  onBack: () => void;
}

export function CheckAnswers({ groups, fromServer, submitting, onSubmit, onBack }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const count = groups.reduce((n, g) => n + g.problems.length, 0);
  const rules = groups.reduce((n, g) => n + g.problems.filter((p) => p.rule).length, 0);
  // with broken rules in the list, it is no longer only answers that are missing
  const toFix = fromServer || rules > 0;
  const allAnswered = count === 0;
  // the heading changes between "Submit" and the list of gaps: focus follows it
  useEffect(() => {
    heading.current?.focus();
  }, [allAnswered]);

  if (count === 0) {
    return (
      <section className="check-answers" data-testid="check-answers" aria-labelledby="check-heading">
        <h2 id="check-heading" ref={heading} tabIndex={-1}>
          Submit your answers
        </h2>
        <p>Every required question is answered. Once you submit, the answers cannot be changed unless you ask the research team to reopen them.</p>
        <button type="button" className="button" onClick={onSubmit} disabled={submitting}>
          Submit your answers
        </button>{" "}
        <button type="button" className="button button-secondary" onClick={onBack}>
          Back to the questionnaire
        </button>
      </section>
    );
  }

  return (
    <section className="check-answers" data-testid="check-answers" aria-labelledby="check-heading">
      <div className="error-summary" data-testid="submit-errors">
        <h2 id="check-heading" ref={heading} tabIndex={-1}>
          {toFix
            ? `${count === 1 ? "1 answer needs" : `${count} answers need`} attention before you can submit`
            : `${count === 1 ? "1 required answer is" : `${count} required answers are`} missing`}
        </h2>
        <p>
          {fromServer
            ? "The server checked your answers and found these problems."
            : rules > 0
              ? "You can submit once these are answered or corrected."
              : "You can submit once these are answered."} Each link opens the
          question. Answers you have given are saved.
        </p>
        {groups.map((g) => (
          <div key={g.page} className="gap-group" data-page={g.page}>
            <h3>
              {g.title} <span className="hint">({groupWords(g.problems, fromServer)})</span>
            </h3>
            <ul>
              {g.problems.map((p) => (
                <li key={p.key}>
                  <a
                    href={`#${p.key}`}
                    onClick={(e) => {
                      e.preventDefault();
                      p.go();
                    }}
                  >
                    {p.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <button type="button" className="button button-secondary" onClick={onBack}>
        Back to the questionnaire
      </button>
    </section>
  );
}

/**
 * Question results, the index: every question of the current questionnaire by page, each linking
 * to its results. The response status chosen here is kept in the address and passed on.
 */
import { Link } from "react-router-dom";
import type { QuestionListDto } from "../../../server/contracts/question-results.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { useUrlState } from "./url-state.ts";
import { FilterSelect } from "./filter-select.tsx";

const COUNTED_CHOICES = [
  { value: "submitted", label: "Submitted only" },
  { value: "all", label: "Submitted and in progress" },
];

export const KIND_LABEL: Record<QuestionListDto["pages"][number]["questions"][number]["kind"], string> = {
  single: "one answer",
  multiple: "several answers",
  matrix: "grid",
  number: "number",
  text: "free text",
};

export function StatusFilter({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <FilterSelect id={id} label="Responses counted" value={value} onChange={onChange} choices={COUNTED_CHOICES} />
  );
}

export function QuestionsPage() {
  const [view, setView] = useUrlState({ status: "submitted" });
  const questions = useApi<QuestionListDto>(`/api/admin/question-results?status=${encodeURIComponent(view.status)}`);
  const suffix = view.status === "submitted" ? "" : `?status=${encodeURIComponent(view.status)}`;
  return (
    <Page title="Question results">
      <p>
        Counts and percentages for every question, overall, by region and by LA type. Percentages are of the LAs that gave an answer other than
        &ldquo;Don&rsquo;t know&rdquo;; &ldquo;Don&rsquo;t know&rdquo;, &ldquo;Not asked&rdquo; and &ldquo;Not answered&rdquo; are counted apart.
      </p>
      <div className="filters">
        <StatusFilter id="questions-status" value={view.status} onChange={(status) => setView({ status })} />
      </div>
      <Loaded state={questions} what="the questions">
        {(data) => (
          <>
            <p role="status">
              {data.respondents} {data.respondents === 1 ? "LA" : "LAs"} counted · {data.surveyTitle}, version {data.definitionVersion}
            </p>
            {data.personalLeftOut.length > 0 && (
              <p className="hint">Not shown, because they are personal data: {data.personalLeftOut.join("; ")}.</p>
            )}
            {data.pages.map((p, i) => (
              <section key={p.title} className="console-section" aria-labelledby={`qpage-${i}`}>
                <h2 id={`qpage-${i}`}>{p.title}</h2>
                <ul className="question-list">
                  {p.questions.map((q) => (
                    <li key={q.name}>
                      <Link to={`/console/questions/${q.name}${suffix}`}>{q.title}</Link> <span className="hint">({KIND_LABEL[q.kind]})</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </Loaded>
    </Page>
  );
}

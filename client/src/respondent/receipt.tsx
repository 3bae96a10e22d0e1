import type { SurveyModel } from "survey-core";
import type { ResponseState } from "./api.ts";
import type { StudyContactDto } from "../../../server/contracts/respondent-welcome.ts";
import { ContactSentence } from "./study-contact.tsx";
import { isItemMatrix } from "./item-matrix.ts";
import { ItemMatrixSummary } from "./receipt-items.tsx";

interface PlainItem {
  name: string;
  title: string;
  value: unknown;
  displayValue: unknown;
  isNode?: boolean;
  data?: PlainItem[];
}

function shown(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) return v.map(shown).join(", ");
  if (typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${shown(x)}`).join("; ");
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return String(v);
}

const NESTED = new Set(["matrix", "matrixdropdown", "matrixdynamic", "multipletext", "paneldynamic"]);

function Item({ item, survey }: { item: PlainItem; survey?: SurveyModel }) {
  const type = survey?.getQuestionByName(item.name)?.getType();
  if (item.data?.length && item.isNode && (!survey || (type && NESTED.has(type)))) {
    return (
      <div className="summary-node">
        <dt>{item.title}</dt>
        <dd>
          <dl>
            {item.data.map((d, i) => (
              <Item key={i} item={d} />
            ))}
          </dl>
        </dd>
      </div>
    );
  }
  return (
    <div className="summary-row">
      <dt>{item.title}</dt>
      <dd>{shown(item.displayValue ?? item.value)}</dd>
    </div>
  );
}

/** Read-only receipt after submit, with a printable summary of every answer, page by page. */
export function Receipt({
  la,
  response,
  survey,
  notice,
  contact = null,
}: {
  la: { name: string };
  response: ResponseState;
  survey: SurveyModel;
  notice: string | null;
  /** who can reopen it, named so the person need not look for an address */
  contact?: StudyContactDto | null;
}) {
  const when = response.submittedAt ? new Date(response.submittedAt) : null;
  const pages = survey.visiblePages.map((page) => {
    // the data-item matrices are summarised from their own rows (receipt-items.tsx), every item listed
    const matrices = page.questions.filter((q) => isItemMatrix(q) && q.isVisible);
    const names = new Set(page.questions.filter((q) => !isItemMatrix(q)).map((q) => q.name));
    const items = (survey.getPlainData({ includeEmpty: false }) as PlainItem[]).filter((i) => names.has(i.name));
    return { title: page.title || page.name, items, matrices };
  });
  return (
    <main id="main" className="page respondent receipt">
      {notice && <p className="notice" role="alert">{notice}</p>}
      <div className="receipt-panel" data-testid="receipt">
        <h1>Survey submitted</h1>
        <p>
          {la.name}’s answers were submitted
          {when && (
            <>
              {" "}on <strong>{when.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}</strong> at{" "}
              <strong>{when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}</strong>
            </>
          )}
          {response.submittedBy && (
            <>
              {" "}by <strong>{response.submittedBy}</strong>
            </>
          )}
          . Thank you.
        </p>
        <p data-testid="receipt-contact">
          The response is now read-only. If something must change, the research team can reopen it.{" "}
          {contact ? <ContactSentence contact={contact} /> : "Contact the research team."}
        </p>
        <p className="no-print">
          When the research team has released it, <a href="/r/report">your feedback report</a> shows where {la.name} stands beside other LAs and what
          would improve it.
        </p>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          Print or save a summary
        </button>
      </div>
      <h2>Summary of your answers</h2>
      {pages.map((p, i) => (
        <section key={i} className="summary-page">
          <h3>{p.title}</h3>
          {p.items.length === 0 && p.matrices.length === 0 && <p>No answers on this page.</p>}
          {p.items.length > 0 && (
            <dl>
              {p.items.map((it, j) => (
                <Item key={j} item={it} survey={survey} />
              ))}
            </dl>
          )}
          {p.matrices.map((m) => (
            <ItemMatrixSummary key={m.name} matrix={m} />
          ))}
        </section>
      ))}
    </main>
  );
}

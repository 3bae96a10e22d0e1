/**
 * The question asked before a release: releasing shows each LA its report at once (and e-mails its
 * contacts when the server sends e-mail), so one click must not do it. Laid out as the Links page
 * asks before revoking a link; focus starts on Cancel, the choice that changes nothing.
 */
import { useEffect, useRef } from "react";

/** What a release would do, worked out from the list the page shows. */
export interface ReleasePlan {
  kind: "release" | "release-all";
  /** LAs that would get their report. */
  due: number;
  /** LAs the release covers that it would skip: not submitted, or already released on the current snapshot. */
  skipped: number;
}

export const reportCount = (n: number) => (n === 1 ? "1 report" : `${n} reports`);
const laCount = (n: number) => (n === 1 ? "1 LA" : `${n} LAs`);

export function ReleaseConfirm({ plan, smtpConfigured, busy, onConfirm, onCancel }: { plan: ReleasePlan; smtpConfigured: boolean; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  const { due, skipped } = plan;
  return (
    <section className="console-warning" aria-labelledby="release-confirm-h" id="release-confirm">
      <h2 id="release-confirm-h">Release {reportCount(due)}?</h2>
      <div id="release-confirm-text">
        <p>
          {due === 1 ? "1 LA will get its feedback report." : `${due} LAs will get their feedback report.`} Each LA's respondents will be able to read it from
          their survey link as soon as it is released.
        </p>
        <p>
          {smtpConfigured
            ? "Each LA's active contacts will also be e-mailed a link to its report."
            : "E-mail is not configured on this server, so nobody is e-mailed: give the LAs their report links from the report-links CSV."}
        </p>
        {skipped > 0 && (
          <p>
            {plan.kind === "release-all"
              ? `${laCount(skipped)} will be skipped: ${skipped === 1 ? "its" : "their"} report is already released on the current national snapshot.`
              : `${skipped} of the LAs you chose will be skipped: ${skipped === 1 ? "it has" : "they have"} not submitted, or ${skipped === 1 ? "its" : "their"} report is already released on the current national snapshot.`}
          </p>
        )}
        <p>You can withdraw a report later, but anyone who has already read it or been e-mailed about it will have seen it.</p>
      </div>
      <div className="button-row">
        <button type="button" disabled={busy} onClick={onConfirm}>
          Release {reportCount(due)}
        </button>
        <button type="button" className="button-secondary" ref={cancelRef} aria-describedby="release-confirm-h release-confirm-text" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** Words for the codes of case-study fieldwork, shared by its console pages (the domain's own labels where it has them). */
import * as domain from "../../../server/domain/case-study-fieldwork/validation.ts";

// widened to string keys: the API sends codes as strings
export const BAND_LABELS: Record<string, string> = domain.BAND_LABELS;
export const CLASS_LABELS: Record<string, string> = domain.CLASS_LABELS;
export const REASON_LABELS: Record<string, string> = domain.REASON_LABELS;
export const RESULT_LABELS: Record<string, string> = domain.RESULT_LABELS;

export const STATUS_LABELS: Record<string, string> = {
  invited: "Invited",
  agreed: "Agreed",
  declined: "Declined",
  visits_done: "Visits done",
  closed: "Closed",
};
export const PROPOSAL_LABELS: Record<string, string> = { proposed: "Proposed", accepted: "Accepted for the next catalogue", rejected: "Rejected" };

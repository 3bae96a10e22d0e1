/** Words for the codes of case-study fieldwork, shared by its console pages. */
export const RESULT_LABELS: Record<string, string> = {
  produced: "Produced as specified",
  produced_with_differences: "Produced with differences (local definition or part of the population)",
  produced_manually: "Produced only by hand",
  not_produced: "Not produced",
};
export const REASON_LABELS: Record<string, string> = {
  not_recorded: "Not recorded",
  not_extractable: "Not extractable",
  incomplete: "Incomplete",
  too_little_history: "Too little history",
  held_by_partner: "Held by a partner",
  definition_differs: "Definition differs",
  other: "Other",
};
export const BAND_LABELS: Record<string, string> = {
  ready_now: "Ready now",
  feasible_with_development: "Feasible with development",
  not_feasible_now: "Not feasible now",
  not_enough_information: "Not enough information",
};
export const STATUS_LABELS: Record<string, string> = {
  invited: "Invited",
  agreed: "Agreed",
  declined: "Declined",
  visits_done: "Visits done",
  closed: "Closed",
};
export const CLASS_LABELS: Record<string, string> = {
  ready: "Ready now / produced",
  develop: "With development / with differences or by hand",
  notNow: "Not feasible / not produced",
};
export const PROPOSAL_LABELS: Record<string, string> = { proposed: "Proposed", accepted: "Accepted for the next catalogue", rejected: "Rejected" };

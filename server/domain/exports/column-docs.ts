/**
 * What every column of the export tables other than the questionnaire variables holds, for the
 * codebook: the fixed Responses columns, Scores (long and wide), Indicators, LAs (with the source
 * and year of each context figure, from sql/reference-data/la_context_2025.README.md) and Case
 * studies. The questionnaire variables are documented by the definition's codebook.
 */
import type { ColumnDoc } from "./sheet-types.ts";
import { FIXED_COLUMN_LABELS } from "./statistics-syntax.ts";

const CSC = "DfE Children in need / Children looked after statistics (Explore Education Statistics)";
const WORKFORCE = "DfE Children's social work workforce census (CSWW)";

/** The LA context figures: what each is and where it comes from (the figure's year is in context_year unless said). */
export const CONTEXT_COLUMN_DOCS: Record<string, ColumnDoc> = {
  cin_at_31_march: { label: "Children in need at 31 March (count)", source: `${CSC}, year ending 31 March of context_year` },
  cin_rate_per_10k: { label: "Children in need per 10,000 children aged 0-17", source: "DfE LA Interactive Tool (LAIT) measure CIN, year ending 31 March of context_year" },
  cpp_at_31_march: { label: "Children on a child protection plan at 31 March (count)", source: `${CSC}, year ending 31 March of context_year` },
  cpp_rate_per_10k: { label: "Child protection plans per 10,000 children aged 0-17", source: "DfE LAIT measure CPP_rate, year ending 31 March of context_year" },
  cla_at_31_march: { label: "Children looked after at 31 March (count)", source: `${CSC}, 31 March of context_year` },
  cla_rate_per_10k: { label: "Children looked after per 10,000 children aged 0-17", source: `${CSC}, 31 March of context_year` },
  referrals_in_year: { label: "Referrals to children's social care in the year (count)", source: `${CSC}, year ending 31 March of context_year` },
  rereferral_pct: { label: "Referrals within 12 months of a previous referral (%)", source: `${CSC}, year ending 31 March of context_year` },
  child_population_0_17: { label: "Children aged 0-17 (ONS mid-year estimate used as the rate denominator)", source: "ONS mid-year population estimate for the year before context_year (mid-2024 for 2025)" },
  fsm_primary_pct: { label: "Primary pupils eligible for free school meals (%)", source: "DfE Schools, pupils and their characteristics (LAIT PriFSM), January census of context_year" },
  fsm_secondary_pct: { label: "Secondary pupils eligible for free school meals (%)", source: "DfE Schools, pupils and their characteristics (LAIT SecFSM), January census of context_year" },
  child_low_income_pct: { label: "Children under 16 in relative low income families before housing costs (%)", source: "DWP Children in low income families (LAIT ChildPov), financial year ending March of context_year" },
  sw_turnover_pct: { label: "Social worker turnover rate, FTE (%)", source: `${WORKFORCE}, 30 September of context_year` },
  sw_agency_pct: { label: "Agency social workers, FTE (%)", source: `${WORKFORCE}, 30 September of context_year` },
  sw_vacancy_pct: { label: "Social worker vacancy rate, FTE (%)", source: `${WORKFORCE}, 30 September of context_year` },
  avg_caseload: { label: "Average caseload per case-holding social worker (FTE)", source: `${WORKFORCE}, 30 September of context_year` },
};

const OFSTED = "Ofsted ILACS judgements as at 31 March 2025 (latest inspection)";

export const LA_COLUMN_DOCS: Record<string, ColumnDoc> = {
  la_code: { label: "Local authority code (DfE)", source: "DfE LA register" },
  gss_code: { label: "Local authority code (ONS GSS)", source: "DfE LA register" },
  la_name: { label: "Local authority", source: "DfE LA register" },
  region: { label: "Region", source: "DfE LA register" },
  la_type: { label: "Local authority type", source: "DfE LA register" },
  response_status: { label: "Response status (not_started, in_progress, submitted)" },
  submitted_at: { label: "Submitted at (UTC)" },
  ofsted_inspection_date: { label: "Date of the latest Ofsted ILACS inspection", source: OFSTED },
  ofsted_overall_effectiveness: { label: "Ofsted overall effectiveness", source: OFSTED },
  ofsted_leaders: { label: "Ofsted: impact of leaders", source: OFSTED },
  ofsted_help_and_protection: { label: "Ofsted: experiences and progress of children who need help and protection", source: OFSTED },
  ofsted_children_in_care: { label: "Ofsted: experiences and progress of children in care", source: OFSTED },
  ofsted_care_leavers: { label: "Ofsted: experiences and progress of care leavers", source: OFSTED },
  context_year: { label: "Reporting year of the context figures (e.g. 2025 = year ending 31 March 2025)" },
  contact_names: { label: "Fieldwork contacts: names" },
  contact_emails: { label: "Fieldwork contacts: e-mail addresses" },
  contact_phones: { label: "Fieldwork contacts: phone numbers" },
  contact_roles: { label: "Fieldwork contacts: roles" },
  ...CONTEXT_COLUMN_DOCS,
};

export const INDICATOR_COLUMN_DOCS: Record<string, ColumnDoc> = {
  indicator_id: { label: "Indicator id (stable across definition versions)" },
  name: { label: "Indicator name" },
  outcome_area: { label: "Outcome area" },
  population: { label: "Population the indicator is about" },
  polarity: { label: "Whether a high or a low value is good (or context only)" },
  numerator: { label: "Numerator" },
  denominator: { label: "Denominator" },
  collected_nationally: { label: "Collected nationally today (1 = yes)" },
  national_return: { label: "National return(s) that collect it" },
  required_data_items: { label: "Data items the indicator needs (its feasibility is that of the weakest)" },
  optional_data_items: { label: "Data items that help but do not bound the score" },
  source: { label: "Where the indicator's definition comes from" },
  n_las: { label: "LAs whose responses are scored (count)" },
  n_scored: { label: "Of those, LAs with enough information for a score (count)" },
  mean_score: { label: "Mean feasibility score of the scored LAs" },
  median_score: { label: "Median feasibility score of the scored LAs" },
  n_ready_now: { label: "LAs in band Ready now (count)" },
  n_feasible_with_development: { label: "LAs in band Feasible with development (count)" },
  n_not_feasible_now: { label: "LAs in band Not feasible now (count)" },
  n_not_enough_information: { label: "LAs with not enough information (count)" },
};

export const CASE_STUDY_COLUMN_DOCS: Record<string, ColumnDoc> = {
  selection_id: { label: "Saved case-study selection id" },
  selection_name: { label: "Name of the saved selection" },
  created_at: { label: "Selection saved at (UTC)" },
  la_code: { label: "Local authority code (DfE)" },
  la_name: { label: "Local authority" },
  role: { label: "selected or reserve" },
  stratum: { label: "Stratum of the typology the LA was picked for" },
  rationale: { label: "Why the LA was picked" },
  created_by: { label: "Researcher who saved the selection" },
};

export const ABOUT_COLUMN_DOCS: Record<string, ColumnDoc> = {
  item: { label: "What the row describes (survey, version, filters, counts, conventions)" },
  value: { label: "Its value" },
};

/** The fixed columns at the start of Responses (and Responses (labels)). */
export const RESPONSE_FIXED_COLUMN_DOCS: Record<string, ColumnDoc> = Object.fromEntries(
  Object.entries(FIXED_COLUMN_LABELS).map(([k, label]) => [k, { label, ...(k === "migrated" ? { values: [{ code: 0, label: "No" }, { code: 1, label: "Yes" }] } : {}) }]),
);

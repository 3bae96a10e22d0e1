/**
 * The Delphi results as CSV files for analysis, with a codebook that documents every column of every
 * file: its label, type, the values it takes with their labels, and which codes mean "missing".
 * Categories are numeric codes (ratings 1-9, 99 = unable to score; consensus 1-3, 8 = too few
 * raters), so a statistics package can label them from the codebook. Panellists appear by
 * pseudonymous id unless the researcher asked for personal data; then ratings also carry the
 * panellist's name and e-mail address, and panellists.csv lists the panel — never an erased
 * panellist. Text a spreadsheet could take for a formula is neutralised (a leading apostrophe),
 * because these files are also opened in spreadsheets.
 */
import { stringify } from "csv-stringify/sync";
import { neutraliseCsvText } from "../exports/safe-text.ts";
import { aboutTable, type DelphiWorkbookInput } from "./workbook-tables.ts";

type Cell = string | number | null | undefined;
type VarType = "string" | "integer" | "number" | "datetime";

export interface CodebookVariable {
  name: string;
  label: string;
  type: VarType;
  values?: { value: string | number; label: string }[];
  /** codes among `values` that mean the figure is missing, not a category */
  missing?: (string | number)[];
  /** what an empty cell means, where a cell can be empty */
  empty?: string;
}

export interface CsvFile {
  fileName: string;
  title: string;
  variables: CodebookVariable[];
  rows: Cell[][];
}

/** Panellists' personal data, asked for by an admin: by panellist id, erased panellists left out. */
export type PersonalData = ReadonlyMap<string, { name: string; email: string; group: string; consentAt: Date | null }>;

export const UNABLE_CODE = 99;
export const TOO_FEW_CODE = 8;
export const CONSENSUS_CODES: Record<"in" | "none" | "out", number> = { in: 1, none: 2, out: 3 };

const RATING_VALUES = [
  ...Array.from({ length: 9 }, (_, i) => ({ value: i + 1, label: `${i + 1}: ${i < 3 ? "not important" : i < 6 ? "important but not critical" : "critical"}` })),
  { value: UNABLE_CODE, label: "Unable to score" },
];
const CONSENSUS_VALUES = [
  { value: 1, label: "Consensus in (critical)" },
  { value: 2, label: "No consensus" },
  { value: 3, label: "Consensus out (not important)" },
  { value: TOO_FEW_CODE, label: "Too few raters in the group to judge" },
];
const STATUS_VALUES = [
  { value: "pending", label: "Not yet moderated (never shown to the panel)" },
  { value: "approved", label: "Approved: shown to the panel in the next round" },
  { value: "redacted", label: "Redacted: never shown to the panel" },
];

const str = (name: string, label: string, extra: Partial<CodebookVariable> = {}): CodebookVariable => ({ name, label, type: "string", ...extra });
const int = (name: string, label: string, extra: Partial<CodebookVariable> = {}): CodebookVariable => ({ name, label, type: "integer", ...extra });
const num = (name: string, label: string, extra: Partial<CodebookVariable> = {}): CodebookVariable => ({ name, label, type: "number", ...extra });
const NO_RATING = "nobody rated the item (in this group) in this round";
const pseudonym = (id: string) => `P${id}`;

function groupValues(input: DelphiWorkbookInput, withAll: boolean) {
  return [...(withAll ? [{ value: "all", label: "Whole panel" }] : []), ...input.study.settings.groups.map((g) => ({ value: g.key, label: g.label }))];
}

function ratingsFile(input: DelphiWorkbookInput, personal: PersonalData | null): CsvFile {
  const variables = [
    str("panellist", "Panellist (pseudonymous id, the same in every round)"),
    ...(personal ? [str("panellist_name", "Panellist's name (personal data)", { empty: "the panellist's personal data was erased" }), str("panellist_email", "Panellist's e-mail address (personal data)", { empty: "the panellist's personal data was erased" })] : []),
    str("group", "Stakeholder group", { values: groupValues(input, false) }),
    int("round", "Round"),
    str("item_id", "Item id (items.csv is in the workbook; results.csv names each item)"),
    int("rating", "Rating on the 1-9 scale", { values: RATING_VALUES, missing: [UNABLE_CODE] }),
  ];
  const rows = input.ratings
    .filter((r) => r.rating !== null || r.unable)
    .map((r) => {
      const who = personal?.get(r.panellistId);
      return [pseudonym(r.panellistId), ...(personal ? [who?.name ?? "", who?.email ?? ""] : []), r.group, r.roundNumber, r.itemId, r.unable ? UNABLE_CODE : r.rating];
    });
  return { fileName: "ratings.csv", title: "Ratings: one row per panellist, round and item rated", variables, rows };
}

function resultsFile(input: DelphiWorkbookInput): CsvFile {
  const items = new Map(input.study.items.map((i) => [i.id, i]));
  const consensus = (c: "in" | "out" | "none" | null) => (c === null ? TOO_FEW_CODE : CONSENSUS_CODES[c]);
  const variables: CodebookVariable[] = [
    str("item_id", "Item id"),
    str("indicator_id", "Indicator id in the catalogue", { empty: "an item added by the researchers or the panel" }),
    str("item", "Item as rated"),
    str("outcome_area", "Outcome area", { empty: "no outcome area" }),
    int("round", "Round"),
    str("group", "Stakeholder group, or the whole panel", { values: groupValues(input, true) }),
    int("invited", "Panellists invited to the round"),
    int("responded", "Panellists who submitted the round"),
    int("rated", "Panellists who rated the item 1-9"),
    int("unable", "Panellists unable to score the item (left out of every percentage)"),
    num("median", "Median rating", { empty: NO_RATING }),
    num("q1", "First quartile", { empty: NO_RATING }),
    num("q3", "Third quartile", { empty: NO_RATING }),
    num("pct_1_to_3", "% rating 1-3 (not important)", { empty: NO_RATING }),
    num("pct_4_to_6", "% rating 4-6 (important but not critical)", { empty: NO_RATING }),
    num("pct_7_to_9", "% rating 7-9 (critical)", { empty: NO_RATING }),
    ...Array.from({ length: 9 }, (_, i) => int(`n_rating_${i + 1}`, `Panellists rating ${i + 1}`)),
    num("pct_moved_category", "Stability: % of those who rated the item in this and the previous round who moved category", { empty: "round 1, a group row, or nobody rated it in both rounds" }),
    int("consensus", "Consensus under the study's rule", { values: CONSENSUS_VALUES, missing: [TOO_FEW_CODE] }),
    int("consensus_whole_panel_only", "Consensus with the rule applied to the whole panel only", { values: CONSENSUS_VALUES, missing: [TOO_FEW_CODE], empty: "a group row" }),
    num("ipr", "RAND/UCLA inter-percentile range (30th-70th)", { empty: "a group row, or nobody rated it" }),
    num("ipras", "RAND/UCLA IPR adjusted for symmetry", { empty: "a group row, or nobody rated it" }),
    num("disagreement_index", "RAND/UCLA disagreement index (IPR / IPRAS; above 1 = disagreement)", { empty: "a group row, or nobody rated it" }),
    int("consensus_rand_ucla", "Consensus by the RAND/UCLA rule (median and no disagreement)", { values: CONSENSUS_VALUES, missing: [TOO_FEW_CODE], empty: "a group row" }),
  ];
  const rows = input.results.items.flatMap((item) => {
    const i = items.get(item.id);
    const head = [item.id, i?.indicatorId ?? null, item.name, i?.outcomeArea ?? ""];
    return item.rounds.flatMap((r) => [
      [...head, r.round, "all", r.nInvited, r.nResponded, r.nRated, r.nUnable, r.median, r.q1, r.q3, r.pct1to3, r.pct4to6, r.pct7to9, ...r.distribution, r.stability, consensus(r.consensus), consensus(r.consensusOverallOnly), r.disagreement?.ipr ?? null, r.disagreement?.ipras ?? null, r.disagreement?.index ?? null, consensus(r.consensusRandUcla)],
      ...r.byGroup.map((g) => [...head, r.round, g.group, g.nInvited, g.nResponded, g.nRated, g.nUnable, g.median, g.q1, g.q3, g.pct1to3, g.pct4to6, g.pct7to9, ...g.distribution, null, consensus(g.consensus), null, null, null, null, null]),
    ]);
  });
  return { fileName: "results.csv", title: "Results: one row per item, round and group (and the whole panel)", variables, rows };
}

function commentsFile(input: DelphiWorkbookInput): CsvFile {
  const variables = [
    int("round", "Round"),
    str("item_id", "Item id"),
    str("group", "Stakeholder group of the panellist who wrote it", { values: groupValues(input, false) }),
    str("status", "Moderation", { values: STATUS_VALUES }),
    str("comment", "The comment as written (line breaks become spaces)"),
  ];
  const rows = input.comments.map((c) => [c.round, c.itemId, c.group, c.status, c.text]);
  return { fileName: "comments.csv", title: "Comments: every comment, whatever its moderation", variables, rows };
}

function panellistsFile(input: DelphiWorkbookInput, personal: PersonalData): CsvFile {
  const variables = [
    str("panellist", "Panellist (pseudonymous id, as in ratings.csv)"),
    str("name", "Name (personal data)"),
    str("email", "E-mail address (personal data)"),
    str("group", "Stakeholder group", { values: groupValues(input, false) }),
    { ...str("consent_at", "When consent was recorded (UTC)", { empty: "consent not recorded" }), type: "datetime" as const },
  ];
  const rows = [...personal].map(([id, p]) => [pseudonym(id), p.name, p.email, p.group, p.consentAt ? p.consentAt.toISOString().slice(0, 19).replace("T", " ") : null]);
  return { fileName: "panellists.csv", title: "Panellists (personal data; erased panellists are left out)", variables, rows };
}

function methodsFile(input: DelphiWorkbookInput): CsvFile {
  const about = aboutTable(input);
  const rows = [...(about.rows as Iterable<(string | number | Date)[]>)].map(([k, v]) => [String(k), v instanceof Date ? v.toISOString().slice(0, 19).replace("T", " ") : v]);
  return { fileName: "methods.csv", title: "Methods summary in the terms of the ACCORD and CREDES reporting guidance", variables: [str("field", "What is described"), str("value", "Description")], rows };
}

/** The data files, in the order they go into the zip (the codebook documents them all). */
export function delphiCsvFiles(input: DelphiWorkbookInput, personal: PersonalData | null): CsvFile[] {
  return [methodsFile(input), resultsFile(input), ratingsFile(input, personal), commentsFile(input), ...(personal ? [panellistsFile(input, personal)] : [])];
}

export const CODEBOOK_HEADER = ["file", "variable", "label", "type", "value", "value_label", "missing", "empty_means"];

/** One row per value of every categorical variable (missing codes marked), one row for every other variable. */
export function codebookRows(files: CsvFile[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const f of files) {
    for (const v of f.variables) {
      const base = [f.fileName, v.name, v.label, v.type];
      if (!v.values?.length) rows.push([...base, null, null, null, v.empty ?? null]);
      for (const value of v.values ?? []) rows.push([...base, value.value, value.label, v.missing?.includes(value.value) ? "yes" : "no", v.empty ?? null]);
    }
  }
  return rows;
}

/** CSV text (UTF-8, CRLF, first line = variable names) with formula-like text neutralised and line breaks as spaces. */
export function toCsv(header: string[], rows: Cell[][]): string {
  const cell = (c: Cell) => (c === null || c === undefined ? "" : typeof c === "number" ? (Number.isFinite(c) ? String(c) : "") : neutraliseCsvText(c.replace(/\r\n|[\r\n]/g, " ")));
  return stringify([header, ...rows.map((r) => r.map(cell))], { record_delimiter: "\r\n" });
}

export function bundleReadme(input: DelphiWorkbookInput, files: CsvFile[], personal: boolean): string {
  return [
    `Delphi study: ${input.study.title} - results as CSV files`,
    `Exported ${input.exportedAt.toISOString().slice(0, 19)}Z; consensus rule version ${input.results.ruleVersion}.`,
    "",
    "Files:",
    ...files.map((f) => `  ${f.fileName}: ${f.title}`),
    "  codebook.csv: every variable of every file, its label and type, the values it takes with their labels, and which codes mean missing",
    "",
    "UTF-8, comma-separated, first line = variable names. Ratings are 1-9; 99 = unable to score (missing).",
    "Consensus: 1 = in, 2 = none, 3 = out; 8 = too few raters in the group to judge (missing).",
    "An empty cell means what the codebook's empty_means column says for that variable.",
    "Text that starts with = + - or @ begins with an apostrophe so that a spreadsheet shows it as text.",
    personal
      ? "Personal data IS included (panellists' names, e-mail addresses and groups): handle under your data-protection agreement. Erased panellists are not named."
      : "Panellists appear only by a pseudonymous id (P followed by a number): no names or e-mail addresses.",
    "",
  ].join("\r\n");
}

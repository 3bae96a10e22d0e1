/**
 * SPSS syntax (.sps) and a Stata do-file (.do) that read responses.csv of the CSV bundle and apply
 * variable labels, value labels and measurement levels from the codebook (what LimeSurvey and
 * REDCap users expect next to their data).
 */
import type { Codebook, CodebookVariable } from "../definitions/types.ts";
import type { ColumnSpec } from "./sheet-types.ts";

/** Labels of the fixed Responses columns (variables of the codebook carry their own). */
export const FIXED_COLUMN_LABELS: Record<string, string> = {
  la_code: "Local authority code (DfE)",
  gss_code: "Local authority code (ONS GSS)",
  la_name: "Local authority",
  region: "Region",
  la_type: "Local authority type",
  status: "Response status",
  submitted_at: "Submitted at (UTC)",
  last_saved_at: "Last saved at (UTC)",
  n_contributors: "Number of contributors",
  contributor_names: "Contributor names",
  contributor_emails: "Contributor e-mail addresses",
};

const FIXED_TEXT_WIDTH: Record<string, number> = { la_code: 3, gss_code: 9, status: 20 };

export interface SyntaxInput {
  codebook: Codebook;
  /** The columns of responses.csv, in file order (responseColumns(codebook, "codes", includePersonal)). */
  columns: ColumnSpec[];
  csvFile: string; // "responses.csv"
  generatedAt: Date;
}

function variablesByName(codebook: Codebook): Map<string, CodebookVariable> {
  return new Map(codebook.variables.map((v) => [v.name, v]));
}

function labelOf(column: ColumnSpec, v: CodebookVariable | undefined): string {
  return v?.label ?? FIXED_COLUMN_LABELS[column.key] ?? column.header;
}

/** Collapses whitespace (labels are single-line in both packages). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts text to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch, "utf8");
    if (bytes + b > maxBytes - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}...`;
}

// ------------------------------------------------------------------ SPSS

/** An SPSS string literal; long strings are split into 'a' + 'b' pieces on separate lines (syntax lines stay short). */
export function spssString(text: string, indent = "    "): string {
  const pieces: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length || i === 0; i += 60) pieces.push(chars.slice(i, i + 60).join(""));
  return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(`\n${indent}+ `);
}

function spssInputFormat(column: ColumnSpec, v: CodebookVariable | undefined): string {
  switch (column.kind) {
    case "integer":
    case "number":
    case "boolean":
      return "F16.0"; // explicit decimals in the data are kept; the display format is set below
    case "date":
      return "SDATE10";
    case "datetime":
      return "YMDHMS19";
    default:
      return `A${FIXED_TEXT_WIDTH[column.key] ?? (v?.measure === "string" ? 4000 : 255)}`;
  }
}

function spssLevel(column: ColumnSpec, v: CodebookVariable | undefined): "NOMINAL" | "ORDINAL" | "SCALE" {
  if (column.kind === "text") return "NOMINAL"; // SPSS strings cannot be scale
  if (!v) return column.kind === "integer" || column.kind === "number" || column.kind === "date" || column.kind === "datetime" ? "SCALE" : "NOMINAL";
  switch (v.measure) {
    case "ordinal":
      return "ORDINAL";
    case "scale":
    case "date":
      return "SCALE";
    default:
      return "NOMINAL";
  }
}

export function spssSyntax(input: SyntaxInput): string {
  const byName = variablesByName(input.codebook);
  const cb = input.codebook;
  const lines: string[] = [
    `* Encoding: UTF-8.`,
    `* SPSS syntax for ${input.csvFile}: ${cb.surveyId} version ${cb.version} (definition hash ${cb.hash}).`,
    `* Generated ${input.generatedAt.toISOString()} by the LA Data Capability Audit export.`,
    `* Put this file next to ${input.csvFile} and set the working folder first, e.g. CD 'C:/path/to/bundle'.`,
    `* Text that began with = + - @ tab or carriage return starts with an apostrophe in the CSV (formula-injection guard).`,
    "",
    "GET DATA",
    "  /TYPE=TXT",
    `  /FILE='${input.csvFile}'`,
    "  /ENCODING='UTF8'",
    "  /DELCASE=LINE",
    "  /DELIMITERS=','",
    "  /QUALIFIER='\"'",
    "  /ARRANGEMENT=DELIMITED",
    "  /FIRSTCASE=2",
    "  /VARIABLES=",
    ...input.columns.map((c) => `    ${c.key} ${spssInputFormat(c, byName.get(c.key))}`),
    ".",
    "",
  ];

  const numericDisplay = input.columns.filter((c) => c.kind === "integer" || c.kind === "number" || c.kind === "boolean");
  if (numericDisplay.length) {
    lines.push("FORMATS");
    for (const c of numericDisplay) lines.push(`  ${c.key} (${c.kind === "number" ? "F12.2" : "F8.0"})`);
    lines.push(".", "");
  }

  lines.push("VARIABLE LABELS");
  input.columns.forEach((c, i) => {
    const label = truncateUtf8(oneLine(labelOf(c, byName.get(c.key))), 255);
    lines.push(`  ${c.key} ${spssString(label)}${i === input.columns.length - 1 ? "" : " /"}`);
  });
  lines.push(".", "");

  const labelled = input.columns.map((c) => byName.get(c.key)).filter((v): v is CodebookVariable => !!v && v.values.length > 0);
  if (labelled.length) {
    lines.push("VALUE LABELS");
    labelled.forEach((v, i) => {
      lines.push(`  ${i === 0 ? "" : "/"}${v.name}`);
      for (const value of v.values) lines.push(`    ${value.code} ${spssString(truncateUtf8(oneLine(value.label), 120), "      ")}`);
    });
    lines.push(".", "");
  }

  const byLevel = new Map<string, string[]>();
  for (const c of input.columns) {
    const level = spssLevel(c, byName.get(c.key));
    byLevel.set(level, [...(byLevel.get(level) ?? []), c.key]);
  }
  lines.push("VARIABLE LEVEL");
  [...byLevel.entries()].forEach(([level, names], i) => {
    lines.push(`  ${i === 0 ? "" : "/"}${names.join(" ")} (${level})`);
  });
  lines.push(".", "", "EXECUTE.", "");
  return lines.join("\n");
}

// ------------------------------------------------------------------ Stata

/**
 * A Stata compound-quoted string `"..."' (may contain double quotes). A backslash before $ and `
 * stops macro expansion; a "' sequence (which would close the quote) gets a space.
 */
export function stataString(text: string): string {
  return "`\"" + text.replace(/\\/g, "/").replace(/([$`])/g, "\\$1").replace(/"'/g, "\" '") + "\"'";
}

export function stataDoFile(input: SyntaxInput): string {
  const byName = variablesByName(input.codebook);
  const cb = input.codebook;
  const stringCols = input.columns
    .map((c, i) => ({ c, i: i + 1 }))
    .filter(({ c }) => c.kind === "text" || c.kind === "date" || c.kind === "datetime")
    .map(({ i }) => i);
  const lines: string[] = [
    `* Stata do-file for ${input.csvFile}: ${cb.surveyId} version ${cb.version} (definition hash ${cb.hash}).`,
    `* Generated ${input.generatedAt.toISOString()} by the LA Data Capability Audit export.`,
    `* Run it from the folder holding ${input.csvFile} (cd "path/to/bundle"). Stata 14 or later (UTF-8).`,
    `* Text that began with = + - @ tab or carriage return starts with an apostrophe in the CSV (formula-injection guard).`,
    "version 14",
    "clear",
    `import delimited using "${input.csvFile}", varnames(1) case(preserve) encoding("utf-8") bindquote(strict) delimiters(",")` +
      (stringCols.length ? ` stringcols(${stringCols.join(" ")})` : "") +
      " clear",
    "",
  ];

  const dates = input.columns.filter((c) => c.kind === "date" || c.kind === "datetime");
  if (dates.length) {
    lines.push("* Dates (yyyy-mm-dd) and date-times (yyyy-mm-dd hh:mm:ss, UTC) to Stata dates.", "tempvar converted");
    for (const c of dates) {
      if (c.kind === "date") lines.push(`generate ${"`converted'"} = date(${c.key}, "YMD")`, `format ${"`converted'"} %tdCCYY-NN-DD`);
      else lines.push(`generate double ${"`converted'"} = clock(${c.key}, "YMDhms")`, `format ${"`converted'"} %tcCCYY-NN-DD_HH:MM:SS`);
      lines.push(`order ${"`converted'"}, after(${c.key})`, `drop ${c.key}`, `rename ${"`converted'"} ${c.key}`);
    }
    lines.push("");
  }

  lines.push("* Variable labels (Stata keeps at most 80 characters; full text in codebook.csv).");
  for (const c of input.columns) lines.push(`label variable ${c.key} ${stataString(truncateUtf8(oneLine(labelOf(c, byName.get(c.key))), 80))}`);
  lines.push("");

  const labelled = input.columns.map((c) => byName.get(c.key)).filter((v): v is CodebookVariable => !!v && v.values.length > 0);
  if (labelled.length) {
    lines.push("* Value labels (codes as in the Responses sheet).");
    for (const v of labelled) {
      lines.push(`label define ${v.name} ${v.values.map((x) => `${x.code} ${stataString(oneLine(x.label))}`).join(" ")}, replace`);
      lines.push(`label values ${v.name} ${v.name}`);
    }
    lines.push("");
  }
  lines.push(`notes: ${cb.surveyId} version ${cb.version}, definition hash ${cb.hash.replace(/[^A-Za-z0-9]/g, "")}`, "");
  return lines.join("\n");
}

/**
 * SPSS syntax (responses.sps) for the CSV bundle: reads each CSV with the right types and widths,
 * applies variable labels, value labels (each distinct set written once), missing values,
 * measurement levels and date-time formats, and saves a .sav beside it; responses.sav last, so the
 * responses are the active dataset at the end. Runs unchanged in SPSS and GNU PSPP.
 */
import type { MissingCode } from "../definitions/types.ts";
import {
  groupBy,
  missingKey,
  oneLine,
  provenance,
  truncateUtf8,
  valueLabelKey,
  type StatDataset,
  type StatVariable,
  type SyntaxInput,
} from "./statistics-syntax.ts";

/** An SPSS string literal; long strings are split into 'a' + 'b' pieces on separate lines (syntax lines stay short). */
export function spssString(text: string, indent = "    "): string {
  const pieces: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length || i === 0; i += 60) pieces.push(chars.slice(i, i + 60).join(""));
  return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(`\n${indent}+ `);
}

/** A list of variable names on lines of at most ~200 characters (older SPSS versions limit syntax lines to 256). */
export function nameList(names: readonly string[], indent = "    "): string {
  const lines: string[] = [];
  let line = "";
  for (const n of names) {
    if (line && line.length + n.length + 1 > 200) {
      lines.push(line);
      line = n;
    } else line = line ? `${line} ${n}` : n;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

function inputFormat(v: StatVariable): string {
  switch (v.kind) {
    case "integer":
    case "number":
    case "boolean":
      return "F16.0"; // explicit decimals in the data are kept; the display format is set below
    case "date":
      return "SDATE10";
    case "datetime":
      return "YMDHMS19";
    default:
      return `A${v.width ?? 1}`;
  }
}

function displayFormat(v: StatVariable): string | undefined {
  switch (v.kind) {
    case "integer":
    case "boolean":
      return "F8.0";
    case "number":
      return "F12.2";
    case "date":
      return "DATE11"; // read as a date by SPSS, PSPP and R's haven
    case "datetime":
      return "DATETIME20"; // read as a date-time (POSIXct) by haven; YMDHMS is not
    default:
      return undefined;
  }
}

/** SPSS allows three discrete missing values, or a range plus one: 97 THRU 99 (none of them valid choices) and -1. */
export function spssMissingList(missing: readonly MissingCode[], validCodes: readonly number[]): string {
  const codes = [...new Set(missing.map((m) => m.code))].sort((a, b) => a - b);
  if (codes.length <= 3) return codes.join(", ");
  const negatives = codes.filter((c) => c < 0);
  const rest = codes.filter((c) => c >= 0);
  const lo = rest[0];
  const hi = rest[rest.length - 1];
  if (negatives.length > 1 || validCodes.some((c) => c >= lo && c <= hi)) {
    throw new Error(`cannot declare missing codes ${codes.join(", ")} in SPSS`);
  }
  return `${lo} THRU ${hi}${negatives.length ? `, ${negatives[0]}` : ""}`;
}

function datasetSyntax(d: StatDataset, last: boolean): string[] {
  const lines: string[] = [
    `* ${d.title}: read ${d.stem}.csv, label it, save ${d.stem}.sav.`,
    "GET DATA",
    "  /TYPE=TXT",
    `  /FILE='${d.stem}.csv'`,
    "  /ENCODING='UTF8'",
    "  /DELCASE=LINE",
    "  /DELIMITERS=','",
    "  /QUALIFIER='\"'",
    "  /ARRANGEMENT=DELIMITED",
    "  /FIRSTCASE=2",
    "  /VARIABLES=",
    ...d.variables.map((v) => `    ${v.name} ${inputFormat(v)}`),
    ".",
    "",
  ];

  const formatted = d.variables.filter((v) => displayFormat(v));
  if (formatted.length) {
    lines.push("FORMATS");
    for (const group of groupBy(formatted, (v) => displayFormat(v)!)) lines.push(`  ${nameList(group.map((v) => v.name))} (${displayFormat(group[0])})`);
    lines.push(".", "");
  }

  lines.push("VARIABLE LABELS");
  d.variables.forEach((v, i) => {
    lines.push(`  ${v.name} ${spssString(truncateUtf8(oneLine(v.label), 255))}${i === d.variables.length - 1 ? "" : " /"}`);
  });
  lines.push(".", "");

  const labelled = d.variables.filter((v) => v.values.length > 0);
  if (labelled.length) {
    lines.push("VALUE LABELS");
    groupBy(labelled, valueLabelKey).forEach((group, i) => {
      lines.push(`  ${i === 0 ? "" : "/"}${nameList(group.map((v) => v.name))}`);
      for (const value of group[0].values) lines.push(`    ${value.code} ${spssString(truncateUtf8(oneLine(value.label), 120), "      ")}`);
    });
    lines.push(".", "");
  }

  const withMissing = d.variables.filter((v) => v.missing.length > 0);
  if (withMissing.length) {
    lines.push("MISSING VALUES");
    groupBy(withMissing, missingKey).forEach((group, i) => {
      const valid = group[0].values.map((x) => x.code).filter((c) => !group[0].missing.some((m) => m.code === c));
      lines.push(`  ${i === 0 ? "" : "/"}${nameList(group.map((v) => v.name))} (${spssMissingList(group[0].missing, valid)})`);
    });
    lines.push(".", "");
  }

  lines.push("VARIABLE LEVEL");
  groupBy(d.variables, (v) => v.measure).forEach((group, i) => {
    lines.push(`  ${i === 0 ? "" : "/"}${nameList(group.map((v) => v.name))} (${group[0].measure.toUpperCase()})`);
  });
  lines.push(".", "", "EXECUTE.", `SAVE OUTFILE='${d.stem}.sav'.`, "");
  if (!last) lines.push("");
  return lines;
}

export function spssSyntax(input: SyntaxInput): string {
  const [responses, ...others] = input.datasets;
  const lines: string[] = [
    "* Encoding: UTF-8.",
    ...provenance(input).map((l) => `* ${l}`),
    `* Run it from the folder holding the CSV files: CD 'C:/path/to/bundle'. It writes ${input.datasets.map((d) => `${d.stem}.sav`).join(", ")} there.`,
    "",
  ];
  // the other tables first, so that responses is the active dataset when the syntax ends
  for (const d of [...others, responses]) lines.push(...datasetSyntax(d, d === responses));
  return lines.join("\n");
}

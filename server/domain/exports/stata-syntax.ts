/**
 * The Stata do-file (responses.do) of the CSV bundle: reads each CSV, turns dates into Stata dates,
 * region / LA type / status into labelled numbers, declared missing codes into extended missing
 * values (.a Don't know, .b None, .c Other, .d Not asked, .e Not enough information) with labels, applies variable labels that
 * tell variables apart in their first 80 characters (full text in notes) and value labels (each set
 * defined once), then compresses and saves a .dta beside each CSV; responses last.
 */
import type { MissingReason } from "../definitions/types.ts";
import { CATEGORICAL_TEXT_COLUMNS, groupBy, oneLine, provenance, truncateUtf8, valueLabelKey, type StatDataset, type StatVariable, type SyntaxInput } from "./statistics-syntax.ts";

export const STATA_MISSING: Record<MissingReason, string> = { dont_know: ".a", none: ".b", other: ".c", not_asked: ".d", no_information: ".e" };

const STATUS_LABELS: [string, string][] = [
  ["not_started", "Not started"],
  ["in_progress", "In progress"],
  ["submitted", "Submitted"],
];

/** Stata's limit on variable labels. */
export const STATA_LABEL_BYTES = 80;

/**
 * A Stata compound-quoted string `"..."' (may contain double quotes). A backslash before $ and `
 * stops macro expansion; a "' sequence (which would close the quote) gets a space.
 */
export function stataString(text: string): string {
  return "`\"" + escapeMacros(text).replace(/"'/g, "\" '") + "\"'";
}

function escapeMacros(text: string): string {
  return text.replace(/\\/g, "/").replace(/([$`])/g, "\\$1");
}

/**
 * Variable labels of at most 80 bytes that differ between variables: for check-box flags and matrix
 * rows the choice or row text comes before the question text; a label still shared after cutting
 * ends with the variable name. Returns name -> label.
 */
export function distinctStataLabels(variables: readonly Pick<StatVariable, "name" | "label" | "labelParts">[]): Map<string, string> {
  const first = variables.map((v) => {
    const text = oneLine(v.labelParts ? `${v.labelParts.detail}: ${v.labelParts.stem}` : v.label);
    return truncateUtf8(text, STATA_LABEL_BYTES);
  });
  const counts = new Map<string, number>();
  for (const l of first) counts.set(l, (counts.get(l) ?? 0) + 1);
  return new Map(
    variables.map((v, i) => {
      if ((counts.get(first[i]) ?? 0) < 2) return [v.name, first[i]];
      const suffix = ` [${v.name}]`;
      const text = oneLine(v.labelParts ? `${v.labelParts.detail}: ${v.labelParts.stem}` : v.label);
      return [v.name, `${truncateUtf8(text, STATA_LABEL_BYTES - suffix.length)}${suffix}`];
    }),
  );
}

function datasetDo(d: StatDataset): string[] {
  const textCols = d.variables.map((v, i) => ({ v, i: i + 1 })).filter(({ v }) => v.kind === "text" || v.kind === "date" || v.kind === "datetime");
  const numCols = d.variables.map((v, i) => ({ v, i: i + 1 })).filter(({ v }) => !(v.kind === "text" || v.kind === "date" || v.kind === "datetime"));
  const lines: string[] = [
    `* ${d.title}: ${d.stem}.csv -> ${d.stem}.dta`,
    `import delimited using "${d.stem}.csv", varnames(1) case(preserve) encoding("utf-8") bindquote(strict) delimiters(",")` +
      (textCols.length ? ` stringcols(${textCols.map((c) => c.i).join(" ")})` : "") +
      (numCols.length ? ` numericcols(${numCols.map((c) => c.i).join(" ")})` : "") +
      " clear",
  ];

  const dates = d.variables.filter((v) => v.kind === "date" || v.kind === "datetime");
  if (dates.length) {
    lines.push("* dates (yyyy-mm-dd) and date-times (yyyy-mm-dd hh:mm:ss, UTC) to Stata dates", "tempvar converted");
    for (const v of dates) {
      if (v.kind === "date") lines.push(`generate ${"`converted'"} = date(${v.name}, "YMD")`, `format ${"`converted'"} %tdCCYY-NN-DD`);
      else lines.push(`generate double ${"`converted'"} = clock(${v.name}, "YMDhms")`, `format ${"`converted'"} %tcCCYY-NN-DD_HH:MM:SS`);
      lines.push(`order ${"`converted'"}, after(${v.name})`, `drop ${v.name}`, `rename ${"`converted'"} ${v.name}`);
    }
  }

  const categorical = d.variables.filter((v) => v.kind === "text" && CATEGORICAL_TEXT_COLUMNS.has(v.name));
  if (categorical.length) {
    lines.push("* region, LA type and status as labelled numbers", "tempvar encoded");
    for (const v of categorical) {
      if (v.name === "status" || v.name === "response_status") {
        for (const [code, label] of STATUS_LABELS) lines.push(`replace ${v.name} = "${label}" if ${v.name} == "${code}"`);
        lines.push(`label define ${v.name} ${STATUS_LABELS.map(([, label], i) => `${i + 1} "${label}"`).join(" ")}, replace`);
      }
      lines.push(
        `encode ${v.name}, generate(${"`encoded'"}) label(${v.name})`,
        `order ${"`encoded'"}, after(${v.name})`,
        `drop ${v.name}`,
        `rename ${"`encoded'"} ${v.name}`,
      );
    }
  }

  const withMissing = d.variables.filter((v) => v.missing.length > 0);
  if (withMissing.length) {
    lines.push("* declared missing codes to extended missing values");
    for (const group of groupBy(withMissing, (v) => JSON.stringify(v.missing.map((m) => [m.code, m.reason])))) {
      const rules = group[0].missing.map((m) => `${m.code}=${STATA_MISSING[m.reason]}`).join(" \\ ");
      lines.push(`mvdecode ${group.map((v) => v.name).join(" ")}, mv(${rules})`); // (a do-file line may be long)
    }
  }

  lines.push(`* variable labels (first ${STATA_LABEL_BYTES} bytes tell variables apart; full text in notes)`);
  const labels = distinctStataLabels(d.variables);
  for (const v of d.variables) {
    const label = labels.get(v.name)!;
    lines.push(`label variable ${v.name} ${stataString(label)}`);
    if (label !== oneLine(v.label)) lines.push(`notes ${v.name}: ${escapeMacros(oneLine(v.label))}`);
  }

  const labelled = d.variables.filter((v) => v.values.length > 0);
  if (labelled.length) {
    lines.push("* value labels (each set defined once)");
    groupBy(labelled, valueLabelKey).forEach((group, i) => {
      const v = group[0];
      const missingByCode = new Map(v.missing.map((m) => [m.code, STATA_MISSING[m.reason]]));
      const name = `${d.stem.slice(0, 20)}_vl${i + 1}`;
      lines.push(`label define ${name} ${v.values.map((x) => `${missingByCode.get(x.code) ?? x.code} ${stataString(oneLine(x.label))}`).join(" ")}, replace`);
      lines.push(`label values ${group.map((g) => g.name).join(" ")} ${name}`);
    });
  }
  lines.push("compress", `save "${d.stem}.dta", replace`, "");
  return lines;
}

export function stataDoFile(input: SyntaxInput): string {
  const [responses, ...others] = input.datasets;
  const lines: string[] = [
    ...provenance(input).map((l) => `* ${l}`),
    `* Run it from the folder holding the CSV files (cd "path/to/bundle"). Stata 14 or later (UTF-8).`,
    `* It saves ${input.datasets.map((d) => `${d.stem}.dta`).join(", ")} there and leaves the responses in memory.`,
    "version 14",
    "clear",
    "",
  ];
  for (const d of [...others, responses]) lines.push(...datasetDo(d));
  lines.push(`notes: ${input.surveyId} version ${input.version}, definition hash ${input.hash.replace(/[^A-Za-z0-9]/g, "")}`, "");
  return lines.join("\n");
}

/**
 * responses.R of the CSV bundle (base R + haven only): `source("responses.R")` reads each CSV with
 * the right column types, date-times as POSIXct (UTC) and dates as Date, and labels the data the
 * haven way: variable labels in attr(x, "label"), coded variables as labelled_spss with value labels
 * and the declared missing codes as na_values (so is.na() and haven::zap_missing() leave them out).
 * It creates one data frame per CSV and returns `responses`.
 */
import { groupBy, oneLine, provenance, valueLabelKey, type StatDataset, type StatVariable, type SyntaxInput } from "./statistics-syntax.ts";

/** An R string literal in plain ASCII (non-ASCII characters as \u escapes), so the script sources in any locale. */
export function rString(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (cp < 0x20 || cp === 0x7f) out += `\\${cp.toString(8).padStart(3, "0")}`;
    else if (cp < 0x80) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U{${cp.toString(16)}}`;
  }
  return `"${out}"`;
}

function colClass(v: StatVariable): string {
  switch (v.kind) {
    case "integer":
    case "number":
    case "boolean":
      return "numeric";
    default:
      return "character"; // text, and dates converted below
  }
}

function ref(v: StatVariable): string {
  return `d[[${rString(v.name)}]]`;
}

function datasetR(d: StatDataset): string[] {
  const lines: string[] = [
    `# ${d.title}`,
    `${d.stem} <- local({`,
    `  d <- .read_bundle_csv(${rString(`${d.stem}.csv`)}, c(${d.variables.map((v) => rString(colClass(v))).join(", ")}))`,
  ];
  for (const v of d.variables) {
    if (v.kind === "datetime") lines.push(`  ${ref(v)} <- as.POSIXct(${ref(v)}, format = "%Y-%m-%d %H:%M:%S", tz = "UTC")`);
    if (v.kind === "date") lines.push(`  ${ref(v)} <- as.Date(${ref(v)}, format = "%Y-%m-%d")`);
  }
  const labelled = d.variables.filter((v) => v.values.length > 0);
  const sets = groupBy(labelled, valueLabelKey);
  sets.forEach((group, i) => {
    lines.push(`  vl${i + 1} <- c(${group[0].values.map((x) => `${rString(oneLine(x.label))} = ${x.code}`).join(", ")})`);
  });
  const setOf = new Map(sets.flatMap((group, i) => group.map((v) => [v.name, i + 1] as const)));
  for (const v of d.variables) {
    const label = rString(oneLine(v.label));
    const set = setOf.get(v.name);
    if (set !== undefined) {
      const na = v.missing.length ? `, na_values = c(${v.missing.map((m) => m.code).join(", ")})` : "";
      lines.push(`  ${ref(v)} <- haven::labelled_spss(${ref(v)}, labels = vl${set}${na}, label = ${label})`);
    } else {
      lines.push(`  attr(${ref(v)}, "label") <- ${label}`);
    }
  }
  lines.push("  d", "})", "");
  return lines;
}

export function rScript(input: SyntaxInput): string {
  const [responses, ...others] = input.datasets;
  const lines: string[] = [
    ...provenance(input).map((l) => `# ${l}`),
    `# Base R and haven only. Set the working directory to the folder holding the CSV files, then`,
    `#   responses <- source("responses.R")$value   (or just source("responses.R"))`,
    `# It creates the data frames ${input.datasets.map((d) => d.stem).join(", ")} and returns responses.`,
    `# Declared missing codes are labelled_spss na_values: is.na(x) is TRUE for them; haven::zap_missing(x) makes them NA;`,
    `# haven::as_factor(x) gives labels; haven::write_sav(responses, "responses.sav") or write_dta() saves them.`,
    "",
    ".read_bundle_csv <- function(file, classes) {",
    "  utils::read.csv(file, colClasses = classes, na.strings = \"\", encoding = \"UTF-8\", fileEncoding = \"UTF-8\",",
    "                  check.names = FALSE, stringsAsFactors = FALSE, strip.white = FALSE)",
    "}",
    "",
  ];
  for (const d of [...others, responses]) lines.push(...datasetR(d));
  lines.push("rm(.read_bundle_csv)", "invisible(responses)", "");
  return lines.join("\n");
}

/**
 * The bundle as a researcher uses it: responses.sps run in GNU PSPP (which saves responses.sav) and
 * responses.R sourced in R with haven, on an export of a fixture response set that touches every
 * variable. Both must declare the same missing values, code "Not asked" where the routing hid a
 * question, read date-times as date-times, keep long, non-ASCII and formula-like text unchanged and
 * give the same valid percentages. Skipped without PSPP / R, except in CI where it fails.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTables } from "../../../server/domain/exports/export-tables.ts";
import { STATA_LABEL_BYTES } from "../../../server/domain/exports/stata-syntax.ts";
import { writeCsvBundle } from "../../../server/domain/exports/write-csv-bundle.ts";
import { BI_TOOLS, LONG_TEXT, statisticsCodebook, statisticsResponses, statisticsSources } from "../../fixtures/exports/statistics-fixture.ts";
import { psppPath, psppRequired, requireTool, rRequired, rscriptPath, run, runsWith } from "../../support/statistics-tools.ts";
import { collect, readWorkbook, workbookBuffer } from "./export-test-helpers.ts";
import { readZip } from "./read-zip.ts";

const FREQUENCY_VARIABLES = ["skill", "dw_refresh", "link_police", "bi_tools_excel", "cms_procurement_year", "di_referral_source_ext"];
/** Text the R check compares with what R and haven read, one per line (none contains a line break). */
const EXPECTED_TEXT = [LONG_TEXT, "-5 analysts left", "=SUM(A1:A9)", "+1 (plus one)", "@team “smart quotes” ünïcödé", "Bromley – Ærø test"];

let dir = "";
let files = new Map<string, Buffer>();

beforeAll(async () => {
  const sources = statisticsSources();
  files = readZip(await collect((s) => writeCsvBundle(s, exportTables(sources), { codebook: sources.codebook, status: "submitted", includePersonal: false })));
  dir = await mkdtemp(join(tmpdir(), "export-statistics-"));
  for (const [name, data] of files) await writeFile(join(dir, name), data);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** "Valid Percent" per value label from PSPP's FREQUENCIES tables (CSV output). */
function psppValidPercents(out: string, labels: Map<string, string>): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const [name, label] of labels) {
    const table = out.split(`Table: ${label}\n`)[1]?.split("\n\n")[0];
    if (!table) continue;
    const rows = new Map<string, string>();
    let section = "";
    for (const line of table.split("\n").slice(1)) {
      const cells = line.split(",");
      if (cells[0]) section = cells[0];
      if (section === "Valid") rows.set(cells[1], cells[4]);
    }
    result.set(name, rows);
  }
  return result;
}

describe.runIf(runsWith({ path: psppPath, required: psppRequired }, { path: rscriptPath, required: rRequired }))("the statistics bundle in PSPP and R", () => {
  it("runs responses.sps in PSPP and responses.R in R with the same data, missing values and valid percentages", { timeout: 180_000 }, async () => {
    const pspp = requireTool(psppPath, "GNU PSPP", "pspp");
    const rscript = requireTool(rscriptPath, "R", "r-base-core and r-cran-haven");

    // PSPP: the syntax runs cleanly and saves responses.sav beside it
    await writeFile(join(dir, "run.sps"), ["INCLUDE FILE='responses.sps'.", `FREQUENCIES /VARIABLES=${FREQUENCY_VARIABLES.join(" ")}.`, ""].join("\n"));
    const { stderr } = await run(pspp, ["-O", "format=csv", "-o", "out.csv", "run.sps"], { cwd: dir, timeout: 120_000 });
    expect(stderr).not.toMatch(/error|warning/i);
    const out = await readFile(join(dir, "out.csv"), "utf8");
    const labels = new Map(statisticsCodebook.variables.filter((v) => FREQUENCY_VARIABLES.includes(v.name)).map((v) => [v.name, v.label]));
    const psppPercents = psppValidPercents(out, labels);
    expect([...psppPercents.keys()].sort()).toEqual([...FREQUENCY_VARIABLES].sort());

    // R: source responses.R, and read the .sav PSPP wrote
    await writeFile(join(dir, "expected.txt"), `${EXPECTED_TEXT.join("\n")}\n`);
    const check = [
      'r <- source("responses.R")$value',
      's <- haven::read_sav("responses.sav", user_na = TRUE)',
      'expected <- readLines("expected.txt", encoding = "UTF-8")',
      'say <- function(...) cat(paste(..., sep = "\\t"), "\\n", sep = "")',
      `for (v in c(${FREQUENCY_VARIABLES.map((v) => `"${v}"`).join(", ")})) {`,
      "  x <- r[[v]]; valid <- unclass(x)[!is.na(x)]; t <- table(valid)",
      "  labs <- attr(x, 'labels')",
      "  for (code in names(t)) say('vp', v, names(labs)[labs == as.numeric(code)], sprintf('%.1f%%', 100 * t[[code]] / sum(t)))",
      "  say('na_values', v, paste(sort(attr(x, 'na_values')), collapse = ' '), paste(sort(attr(s[[v]], 'na_values')), collapse = ' '))",
      "}",
      "say('dw_refresh_codes', paste(unclass(r$dw_refresh), collapse = ' '), paste(unclass(s$dw_refresh), collapse = ' '))",
      "say('dw_refresh_is_na', paste(is.na(r$dw_refresh), collapse = ' '))",
      "say('dw_staff_codes', paste(unclass(r$dw_staff), collapse = ' '), paste(attr(r$dw_staff, 'na_values'), collapse = ' '))",
      "for (df in list(r, s)) say('datetime', class(df$submitted_at)[1], format(df$submitted_at[1], '%Y-%m-%d %H:%M:%S', tz = 'UTC'), class(df$review_date)[1], format(df$review_date[1]))",
      "say('text_r', identical(r$notes[1], expected[1]), identical(r$notes[2], expected[2]), identical(r$resp_role_other_txt[1], expected[3]), identical(r$notes[3], expected[4]), identical(r$notes[6], expected[5]), identical(r$la_name[1], expected[6]))",
      "say('text_sav', identical(s$notes[1], expected[1]), identical(s$notes[2], expected[2]), identical(s$resp_role_other_txt[1], expected[3]), identical(s$notes[3], expected[4]), identical(s$notes[6], expected[5]), identical(s$la_name[1], expected[6]))",
      "say('labels', attr(r$skill, 'label'), attr(s$skill, 'label'))",
      "say('year', paste(unclass(r$cms_procurement_year), collapse = ' '))",
      "say('version', paste(r$definition_version, collapse = ' '), paste(r$migrated, collapse = ' '))",
      "say('nrow', nrow(r), nrow(s))",
      "w <- scores_wide; ws <- haven::read_sav('scores_wide.sav', user_na = TRUE); sl <- haven::read_sav('scores.sav')",
      "say('wide_names', paste(names(w), collapse = ' '))",
      "say('wide_band', paste(unclass(w[[grep('_band$', names(w))]]), collapse = ' '), paste(attr(ws[[grep('_band$', names(ws))]], 'na_values'), collapse = ' '), paste(names(attr(w[[grep('_band$', names(w))]], 'labels')), collapse = '|'))",
      "say('wide_level', paste(unclass(w$cap_data_level), collapse = ' '), class(w$migrated)[1], paste(w$status, collapse = ' '))",
      "say('long', nrow(sl), attr(sl$explanation, 'label'), sl$explanation[1], paste(unique(sl$status), collapse = ' '))",
    ].join("\n");
    await writeFile(join(dir, "check.R"), check);
    const rOut = (await run(rscript, ["--vanilla", "check.R"], { cwd: dir, timeout: 120_000, env: { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" } })).stdout;
    const lines = rOut.trim().split("\n").map((l) => l.split("\t"));
    const get = (key: string) => lines.filter((l) => l[0] === key).map((l) => l.slice(1));

    // the same valid percentages (declared missing codes excluded) in PSPP and in R
    const rPercents = new Map<string, Map<string, string>>();
    for (const [v, label, pct] of get("vp")) rPercents.set(v, new Map([...(rPercents.get(v) ?? []), [label, pct]]));
    for (const v of FREQUENCY_VARIABLES) expect(rPercents.get(v), v).toEqual(psppPercents.get(v));
    expect(psppPercents.get("skill")).toEqual(new Map([["Basic", "25.0%"], ["Confident", "25.0%"], ["Expert", "50.0%"]]));
    expect(psppPercents.get("dw_refresh")).toEqual(new Map([["Daily", "50.0%"], ["Weekly", "50.0%"]]));

    // missing declarations, the same in the R data and the .sav
    const na = new Map(get("na_values").map(([v, r, s]) => [v, [r, s]]));
    expect(na.get("skill")).toEqual(["98 99", "98 99"]);
    expect(na.get("dw_refresh")).toEqual(["-1 99", "-1 99"]);
    expect(na.get("link_police")).toEqual(["99", "99"]);
    expect(na.get("di_referral_source_ext")).toEqual(["-1 99", "-1 99"]);
    expect(na.get("bi_tools_excel")).toEqual(["99", "99"]); // 203 answered only "Don't know"

    // Not asked where the routing hid the page (202: no warehouse; 204 had not answered has_dw; 206: don't know),
    // empty for the LA that has not started (205)
    const order = statisticsResponses.map((r) => r.laCode).join(" ");
    expect(order).toBe("201 202 203 204 205 206 207");
    expect(get("dw_refresh_codes")[0]).toEqual(["2 -1 99 -1 NA -1 1", "2 -1 99 -1 NA -1 1"]);
    expect(get("dw_refresh_is_na")[0]).toEqual(["FALSE TRUE TRUE TRUE TRUE TRUE FALSE"]);
    expect(get("dw_staff_codes")[0]).toEqual(["2.5 -1 0 -1 NA -1 NA", "-1"]);

    // date-times as POSIXct (UTC, to the second) and dates as Date, in both
    expect(get("datetime")).toEqual([
      ["POSIXct", "2025-03-04 09:08:07", "Date", "2024-11-30"],
      ["POSIXct", "2025-03-04 09:08:07", "Date", "2024-11-30"],
    ]);
    // long, non-ASCII and formula-like text unchanged
    expect(get("text_r")[0]).toEqual(["TRUE", "TRUE", "TRUE", "TRUE", "TRUE", "TRUE"]);
    expect(get("text_sav")[0]).toEqual(["TRUE", "TRUE", "TRUE", "TRUE", "TRUE", "TRUE"]);
    expect(get("labels")[0]).toEqual(["How would you rate the team's analytical skills?", "How would you rate the team's analytical skills?"]);
    expect(get("year")[0]).toEqual(["2006 1 99 NA NA 2007 2005"]);
    expect(get("version")[0]).toEqual(["4 3 4 4 NA 4 4", "0 1 0 0 NA 0 0"]);
    expect(get("nrow")[0]).toEqual(["7", "7"]);

    // scores: the wide table (names of at most 32 characters, bands with "not enough information" missing) and the long one
    const wideNames = get("wide_names")[0][0].split(" ");
    expect(wideNames.slice(0, 7)).toEqual(["la_code", "la_name", "region", "la_type", "status", "definition_version", "migrated"]);
    expect(wideNames).toHaveLength(10);
    for (const n of wideNames) expect(n.length).toBeLessThanOrEqual(32);
    expect(get("wide_band")[0]).toEqual(["2 2 9 2 NA 2 2", "9", "Not feasible now|Feasible with development|Ready now|Not enough information"]);
    expect(get("wide_level")[0]).toEqual(["2 3 4 2 NA 3 4", "numeric", "submitted submitted submitted in_progress not_started submitted submitted"]);
    expect(get("long")[0]).toEqual(["12", "How the score was reached: the scoring rule steps in words", "The indicator takes its weakest required item.", "submitted in_progress"]);
  });
});

describe("timestamps in the workbook", () => {
  it("are UTC to the second, the same instant as in the CSV, SPSS and R; the About sheet's export time is text", async () => {
    const wb = await readWorkbook(await workbookBuffer(statisticsSources()));
    const ws = wb.getWorksheet("Responses")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const submitted = ws.getRow(2).getCell(header.indexOf("submitted_at") + 1).value as Date;
    expect(submitted.toISOString()).toBe("2025-03-04T09:08:07.000Z"); // stored with 654 ms
    const csv = files.get("responses.csv")!.toString("utf8").split("\n")[1];
    expect(csv).toContain(",2025-03-04 09:08:07,");
    const about = wb.getWorksheet("About")!;
    const exported = about.getColumn(1).values.findIndex((v) => v === "exported_at_utc");
    expect(about.getRow(exported).getCell(2).value).toBe("2025-05-06 07:08:09");
  });
});

describe("the statistics bundle's Stata do-file", () => {
  it("gives the check-box flags labels that differ within Stata's 80 bytes, with the full text in notes", () => {
    const doFile = files.get("responses.do")!.toString("utf8");
    const labelLines = BI_TOOLS.map((t) => doFile.split("\n").find((l) => l.startsWith(`label variable bi_tools_${t} `))!);
    const labels = labelLines.map((l) => l.replace(/^label variable \S+ `"/, "").replace(/"'$/, ""));
    expect(new Set(labels).size).toBe(BI_TOOLS.length);
    for (const l of labels) expect(Buffer.byteLength(l, "utf8")).toBeLessThanOrEqual(STATA_LABEL_BYTES);
    expect(labels[0]).toMatch(/^power bi: Which of these business intelligence/);
    expect(doFile).toContain("notes bi_tools_power_bi: Which of these business intelligence and reporting tools does your team use to produce routine reports for managers and for elected members?: power bi");
  });

  it("turns declared missing codes into labelled extended missing values, encodes region, LA type and status, compresses and saves", () => {
    const doFile = files.get("responses.do")!.toString("utf8");
    expect(doFile).toMatch(/mvdecode [^\n]*\bskill\b[^\n]*, mv\(99=\.a \\ 98=\.b\)/);
    expect(doFile).toMatch(/mvdecode [^\n]*\bdw_refresh\b[^\n]*, mv\(99=\.a \\ -1=\.d\)/);
    expect(doFile).toMatch(/label define responses_vl\d+ 1 `"Basic"' 2 `"Confident"' 3 `"Expert"' \.a `"Don't know"' \.b `"No analysts"'/);
    expect(doFile).toContain('label define status 1 "Not started" 2 "In progress" 3 "Submitted", replace');
    for (const v of ["region", "la_type", "status"]) expect(doFile).toContain(`encode ${v}, generate(\`encoded') label(${v})`);
    expect(doFile).toMatch(/compress\nsave "responses.dta", replace/);
  });
});

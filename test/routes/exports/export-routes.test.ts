import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import supertest from "supertest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { SHEET_ORDER } from "../../../server/domain/exports/build-sheets.ts";
import { CASE_STUDY_FIELDWORK_SHEETS } from "../../../server/domain/exports/case-study-fieldwork-sheets.ts";
import { listAudit } from "../../../server/repositories/audit-repository.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { readZip } from "../../domain/exports/read-zip.ts";

let t: TestApp;
let researcher: LoggedIn;
const registry = loadDefinitions();
const current = registry.current();
const v1 = registry.get(current.surveyId, 1);
let las: { code: string; name: string }[];

function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
}

async function download(agent: LoggedIn["agent"], url: string): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const res = await agent.get(url).buffer(true).parse(binary as never);
  return { status: res.status, body: res.body as Buffer, headers: res.headers as Record<string, string> };
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value ?? null])));
  }
  return out;
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.pool;
  const { rows } = await db.query("SELECT la_code, name FROM las ORDER BY la_code LIMIT 3");
  las = rows.map((r) => ({ code: r.la_code, name: r.name }));
  for (const d of [v1, current]) {
    await db.query(
      `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [d.surveyId, d.version, d.hash, JSON.stringify({ survey: d.survey, catalogue: d.catalogue, rules: d.rules })],
    );
  }
  const insert = (la: string, d: typeof current, status: string, data: Record<string, unknown>) =>
    db.query(
      `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, status, last_saved_at, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), CASE WHEN $6 = 'submitted' THEN timestamptz '2025-03-04 09:08:07+00' END)`,
      [la, d.surveyId, d.version, d.hash, JSON.stringify(data), status],
    );
  await insert(las[0].code, current, "submitted", {
    cs_willing: "yes",
    cs_contact_name: "Alice Respondent",
    cs_contact_email: "alice@la.example",
    cms_product: "mosaic",
    dw_exists: "reporting_copy",
    final_comments: "=1+1",
  });
  await insert(las[1].code, v1, "submitted", { cms_product: "eclipse", cms_procured_year: 2019, dw_exists: "reporting_db_only" }); // answered on v1
  await insert(las[2].code, current, "in_progress", { cms_product: "liquidlogic" });
  await db.query(`INSERT INTO respondent_contributors (la_code, name, role) VALUES ($1, 'Carol Contributor', 'Analyst')`, [las[0].code]);
  await db.query(`INSERT INTO la_contacts (la_code, name, email, role) VALUES ($1, 'Dan Contact', 'dan@la.example', 'Head of performance')`, [las[0].code]);
  researcher = await loginAs(t.app, "researcher");
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/exports/responses.xlsx", () => {
  it("streams the workbook of submitted responses, coded and labelled, with scores and the LA register", async () => {
    const res = await download(researcher.agent, "/api/admin/exports/responses.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml.sheet");
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename=".*-responses-submitted-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = await workbook(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEET_ORDER, ...CASE_STUDY_FIELDWORK_SHEETS]);

    const responses = sheetRows(wb.getWorksheet("Responses")!);
    expect(responses.map((r) => r.la_code)).toEqual([las[0].code, las[1].code]); // submitted only
    const [first, second] = responses;
    const code = (name: string, value: string | number) => current.codebook.variables.find((v) => v.name === name)!.values.find((x) => String(x.value) === String(value))!.code;
    expect(first).toMatchObject({ status: "submitted", cms_product: code("cms_product", "mosaic"), final_comments: "=1+1", n_contributors: 1 });
    expect(first.submitted_at).toEqual(new Date("2025-03-04T09:08:07Z"));
    // the v1 response is migrated to the current version: renamed question, mapped value
    expect(second).toMatchObject({ cms_procurement_year: code("cms_procurement_year", 2019), dw_exists: code("dw_exists", "reporting_copy") });
    const labels = sheetRows(wb.getWorksheet("Responses (labels)")!);
    expect(labels[0].cms_product).toBe(current.codebook.variables.find((v) => v.name === "cms_product")!.values.find((x) => x.value === "mosaic")!.label);

    // personal data left out by default
    expect(Object.keys(first)).not.toContain("cs_contact_email");
    expect(Object.keys(first)).not.toContain("contributor_names");
    const all: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => all.push(String(c.value)))));
    for (const s of ["Alice Respondent", "alice@la.example", "Carol Contributor", "Dan Contact", "dan@la.example"]) expect(all.join("\n")).not.toContain(s);

    const scores = sheetRows(wb.getWorksheet("Scores")!);
    expect(new Set(scores.map((s) => s.la_code))).toEqual(new Set([las[0].code, las[1].code]));
    expect(scores.filter((s) => s.kind === "indicator" && s.la_code === las[0].code)).toHaveLength(current.catalogue.indicators.length);
    const indicators = sheetRows(wb.getWorksheet("Indicators")!);
    expect(indicators).toHaveLength(current.catalogue.indicators.length);
    expect(indicators[0].n_las).toBe(2);
    const register = sheetRows(wb.getWorksheet("LAs")!);
    expect(register.length).toBeGreaterThanOrEqual(150);
    expect(register.find((r) => r.la_code === las[2].code)!.response_status).toBe("in_progress");
    const about = Object.fromEntries(sheetRows(wb.getWorksheet("About")!).map((r) => [r.item, r.value]));
    expect(about).toMatchObject({ survey_id: current.surveyId, definition_version: current.version, definition_hash: current.hash, count_submitted: 2, count_in_progress: 1, responses_exported: 2 });
  });

  it("exports every LA with status=all, and personal data only to an admin who gives a reason (audited with it)", async () => {
    const admin = await loginAs(t.app, "admin");
    const reason = "Arranging case-study visits with the data leads";
    const res = await download(admin.agent, `/api/admin/exports/responses.xlsx?status=all&includePersonal=true&reason=${encodeURIComponent(reason)}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/-responses-all-personal-/);
    const wb = await workbook(res.body);
    const responses = sheetRows(wb.getWorksheet("Responses")!);
    const registerCount = Number((await t.pool.query("SELECT count(*)::int AS n FROM las")).rows[0].n);
    expect(responses.length).toBe(registerCount); // one row per LA of the register
    const first = responses.find((r) => r.la_code === las[0].code)!;
    expect(first).toMatchObject({ cs_contact_email: "alice@la.example", contributor_names: "Carol Contributor (Analyst)" });
    expect(sheetRows(wb.getWorksheet("LAs")!).find((r) => r.la_code === las[0].code)).toMatchObject({ contact_emails: "dan@la.example" });
    const audit = await listAudit(t.pool, { action: "export.responses" });
    expect(audit.at(-1)).toMatchObject({ actor: admin.user.id, details: { format: "xlsx", status: "all", includePersonal: true, reason } });
  });

  it("refuses personal data to a researcher, and to an admin without a reason, naming the field; nothing is audited", async () => {
    const before = (await listAudit(t.pool, { action: "export.responses" })).length;
    const denied = await researcher.agent.get("/api/admin/exports/responses.xlsx?includePersonal=true&reason=Arranging%20visits%20please");
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/Only an admin can export personal data/);
    const admin = await loginAs(t.app, "admin");
    for (const reason of ["", "because", "          x"]) {
      const res = await admin.agent.get(`/api/admin/exports/responses.zip?includePersonal=true&reason=${encodeURIComponent(reason)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ field: "reason" });
      expect(res.body.message).toMatch(/^reason: say why personal data is needed, in at least 10 characters/);
    }
    expect((await listAudit(t.pool, { action: "export.responses" })).length).toBe(before);
  });

  it("takes the options as JSON by POST, with the CSRF token, and names a bad field", async () => {
    const admin = await loginAs(t.app, "admin");
    const noCsrf = await admin.agent.post("/api/admin/exports/responses.xlsx").send({ status: "all" });
    expect(noCsrf.status).toBe(403);
    const bad = await admin.agent.post("/api/admin/exports/responses.xlsx").set("x-csrf-token", admin.csrfToken).send({ status: "everything" });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("status");
    expect(bad.body.message).toBe("Status is not one of the choices");
    const extra = await admin.agent.post("/api/admin/exports/responses.xlsx").set("x-csrf-token", admin.csrfToken).send({ format: "sav" });
    expect(extra.status).toBe(422); // an unknown field is refused by name
    expect(JSON.stringify(extra.body)).toMatch(/format/);
    const noReason = await admin.agent.post("/api/admin/exports/responses.zip").set("x-csrf-token", admin.csrfToken).send({ includePersonal: true });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe("reason");
    const viewer = await loginAs(t.app, "viewer");
    expect((await viewer.agent.post("/api/admin/exports/responses.zip").set("x-csrf-token", viewer.csrfToken).send({})).status).toBe(403);

    const reason = "Follow-up calls to LA data leads";
    const res = await admin.agent
      .post("/api/admin/exports/responses.zip")
      .set("x-csrf-token", admin.csrfToken)
      .send({ status: "submitted", includePersonal: true, reason })
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    const files = readZip(res.body as Buffer);
    expect(files.get("responses.csv")!.toString("utf8")).toContain("alice@la.example");
    const audit = await listAudit(t.pool, { action: "export.responses" });
    expect(audit.at(-1)).toMatchObject({ actor: admin.user.id, details: { format: "zip", includePersonal: true, reason } });
  });

  it("refuses viewers and anonymous requests", async () => {
    const viewer = await loginAs(t.app, "viewer");
    expect((await viewer.agent.get("/api/admin/exports/responses.xlsx")).status).toBe(403);
    expect((await supertest(t.app.server).get("/api/admin/exports/responses.zip")).status).toBe(401);
    expect((await researcher.agent.get("/api/admin/exports/responses.xlsx?status=everything")).status).toBe(400);
  });
});

describe("GET /api/admin/exports/responses.zip", () => {
  it("streams the CSV bundle with SPSS, Stata and R files, answers unchanged, versions and Not asked codes", async () => {
    const res = await download(researcher.agent, "/api/admin/exports/responses.zip");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    const files = readZip(res.body);
    expect([...files.keys()]).toEqual(expect.arrayContaining(["responses.csv", "responses_labels.csv", "codebook.csv", "scores.csv", "indicators.csv", "las.csv", "responses.sps", "responses.do", "responses.R", "README.txt"]));
    const rows = parse(files.get("responses.csv")!.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.la_code)).toEqual([las[0].code, las[1].code]);
    expect(rows[0].final_comments).toBe("=1+1"); // the formula guard is the workbook's; the CSVs carry answers unchanged
    expect(rows.map((r) => [r.definition_version, r.migrated])).toEqual([[String(current.version), "0"], ["1", "1"]]);
    // routed out for both (no change of system planned), so "Not asked", not empty
    expect(rows.map((r) => r.cms_new_product)).toEqual(["-1", "-1"]);
    // added in a later version than the one LA 2 answered: never asked of it; asked (and skipped) by LA 1
    expect(rows.map((r) => r.use_ai_tools)).toEqual(["", "-1"]);
    expect(files.get("responses.sps")!.toString("utf8")).toMatch(/MISSING VALUES\n[^.]*\bcms_new_product\b/);
    // scores for analysis: one row per LA (names SPSS and Stata accept), and the long table with status and explanation
    const wide = parse(files.get("scores_wide.csv")!.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(wide.map((r) => [r.la_code, r.status, r.definition_version, r.migrated])).toEqual([[las[0].code, "submitted", String(current.version), "0"], [las[1].code, "submitted", "1", "1"]]);
    const names = Object.keys(wide[0]);
    for (const n of names) expect(n).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,31}$/);
    expect(names.filter((n) => n.endsWith("_band"))).toHaveLength(current.catalogue.indicators.length);
    expect(names.filter((n) => n.endsWith("_level"))).toHaveLength(current.rules.capability.dimensions.length);
    const long = parse(files.get("scores.csv")!.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(long[0]).toMatchObject({ la_code: las[0].code, status: "submitted" });
    expect(long[0].explanation).toMatch(/Required data items/);
    // capability notes quote the questions as the LA read them, never their codes
    const capabilityNotes = long.filter((r) => r.kind === "capability").map((r) => r.explanation);
    expect(capabilityNotes.length).toBeGreaterThan(0);
    const capabilityQuestions = current.rules.capability.dimensions.flatMap((d) => d.questions.map((q) => q.question));
    for (const note of capabilityNotes) for (const code of capabilityQuestions) expect(note).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(capabilityNotes.join(" ")).toMatch(/"[A-Z][^"]{10,}"/);
    expect(files.get("responses.sps")!.toString("utf8")).toContain("SAVE OUTFILE='scores_wide.sav'.");
    const indicators = parse(files.get("indicators.csv")!.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(indicators[0].n_las).toBe("2"); // summarised from the scores written before it
    const audit = await listAudit(t.pool, { action: "export.responses" });
    expect(audit.at(-1)).toMatchObject({ details: { format: "zip", status: "submitted", includePersonal: false } });
  });

  it("its README names the workbook exactly as the console downloads it, for the same options", async () => {
    for (const query of ["", "?status=all"]) {
      const xlsx = await download(researcher.agent, `/api/admin/exports/responses.xlsx${query}`);
      const zip = await download(researcher.agent, `/api/admin/exports/responses.zip${query}`);
      const workbook = /filename="([^"]+)"/.exec(xlsx.headers["content-disposition"])![1];
      expect(/filename="([^"]+)"/.exec(zip.headers["content-disposition"])![1]).toBe(workbook.replace(/\.xlsx$/, ".zip"));
      const readme = readZip(zip.body).get("README.txt")!.toString("utf8");
      expect(readme).toContain(` ${workbook}.`);
      expect(readme).toContain(workbook.replace(/\d{4}-\d{2}-\d{2}\.xlsx$/, "YYYY-MM-DD.xlsx"));
      expect(readme).not.toContain("responses.xlsx");
    }
  });
});

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../../server/app.ts";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { testConfig } from "../../helpers/build-test-app.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../../helpers/case-study-seed.ts";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { readZip } from "../../domain/exports/read-zip.ts";
import { eraseContactsByEmail } from "../../../server/services/erasure-service.ts";

let db: TestDatabase;
let app: FastifyInstance;
let researcher: LoggedIn;
let viewer: LoggedIn;
let picks: string[];
const indicators = loadDefinitions().current().catalogue.indicators.map((i) => i.id);
const [indA, indB, indC] = indicators;

async function setBand(laCode: string, indicatorId: string, band: string, score: number | null) {
  await db.pool.query(
    `INSERT INTO indicator_scores (la_code, indicator_id, position, score, band, explanation) VALUES ($1, $2, 0, $3, $4, '{}'::jsonb)
     ON CONFLICT (la_code, indicator_id) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band`,
    [laCode, indicatorId, score, band],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCaseStudyLas(db.pool, STANDARD_SEEDS);
  app = await buildApp({ config: testConfig(), database: { url: db.url, kind: db.kind }, logger: false });
  await app.ready();
  researcher = await loginAs(app, "researcher");
  viewer = await loginAs(app, "viewer");
  const run = await researcher.agent.post("/api/admin/case-studies").set("x-csrf-token", researcher.csrfToken).send({ wave: 1, k: 4, save: true }).expect(200);
  picks = run.body.result.picks.map((p: { laCode: string }) => p.laCode);
  await setBand(picks[0], indA, "ready_now", 82);
  await setBand(picks[0], indB, "not_feasible_now", 20);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const put = (s: LoggedIn, laCode: string, body: unknown) =>
  s.agent.put(`/api/admin/case-studies/findings/${laCode}`).set("x-csrf-token", s.csrfToken).send(body as object);

describe("case-study findings", () => {
  it("records findings with the survey's prediction frozen at that moment", async () => {
    const la = picks[0];
    const res = await put(researcher, la, {
      findings: [
        { indicatorId: indA, result: "not_produced", reason: "not_extractable", notes: "Dates held in case notes only" },
        { indicatorId: indB, result: "produced" },
        { indicatorId: indC, result: "produced_manually", reason: "incomplete" },
      ],
    }).expect(200);
    expect(res.body).toEqual({ saved: 3 });
    const got = await researcher.agent.get(`/api/admin/case-studies/findings/${la}`).expect(200);
    const byId = Object.fromEntries(got.body.findings.map((f: { indicatorId: string }) => [f.indicatorId, f]));
    expect(byId[indA]).toMatchObject({ result: "not_produced", reason: "not_extractable", predictedBand: "ready_now", predictedScore: 82, rulesVersion: 1, recordedBy: researcher.user.id });
    expect(byId[indB]).toMatchObject({ result: "produced", reason: null, predictedBand: "not_feasible_now", predictedScore: 20 });
    // no score for the third indicator: the survey gave no prediction
    expect(byId[indC]).toMatchObject({ predictedBand: "not_enough_information", predictedScore: null });
    expect(Date.parse(byId[indA].recordedAt)).not.toBeNaN();
  });

  it("keeps the frozen prediction when scores are recomputed and the finding is edited", async () => {
    const la = picks[0];
    await setBand(la, indA, "not_feasible_now", 5);
    await put(researcher, la, { findings: [{ indicatorId: indA, result: "produced_with_differences", reason: "definition_differs" }] }).expect(200);
    const got = await researcher.agent.get(`/api/admin/case-studies/findings/${la}`).expect(200);
    const a = got.body.findings.find((f: { indicatorId: string }) => f.indicatorId === indA);
    expect(a).toMatchObject({ result: "produced_with_differences", predictedBand: "ready_now", predictedScore: 82 });
  });

  it("refuses an LA in no saved selection with 409, and unknown indicators, results and reasons with 422 naming them; nothing saved", async () => {
    const notPicked = STANDARD_SEEDS.map((s) => s.laCode).find((c) => !picks.includes(c))!;
    const r409 = await put(researcher, notPicked, { findings: [{ indicatorId: indA, result: "produced" }] }).expect(409);
    expect(r409.body.message).toMatch(/not in any saved case-study selection/);
    const before = (await db.pool.query("SELECT count(*)::int AS n FROM case_study_findings")).rows[0].n;
    const r1 = await put(researcher, picks[1], { findings: [{ indicatorId: indA, result: "produced" }, { indicatorId: "ind_nope", result: "produced" }] }).expect(422);
    expect(r1.body).toMatchObject({ field: "findings[1].indicatorId" });
    expect(r1.body.message).toMatch(/ind_nope/);
    const r2 = await put(researcher, picks[1], { findings: [{ indicatorId: indA, result: "made_up" }] }).expect(422);
    expect(r2.body.message).toMatch(/findings\[0\]\.result: unknown result "made_up"/);
    const r3 = await put(researcher, picks[1], { findings: [{ indicatorId: indA, result: "not_produced", reason: "bad_luck" }] }).expect(422);
    expect(r3.body.field).toBe("findings[0].reason");
    const r4 = await put(researcher, picks[1], { findings: [{ indicatorId: indA, result: "not_produced" }] }).expect(422);
    expect(r4.body.message).toMatch(/say why/);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM case_study_findings")).rows[0].n).toBe(before);
  });

  it("is for researchers: a viewer cannot write or read findings, and writes need CSRF", async () => {
    await put(viewer, picks[0], { findings: [{ indicatorId: indA, result: "produced" }] }).expect(403);
    await viewer.agent.get("/api/admin/case-studies/validation").expect(403);
    await researcher.agent.put(`/api/admin/case-studies/findings/${picks[0]}`).send({ findings: [] }).expect(403);
  });

  it("audits every write", async () => {
    const { rows } = await db.pool.query("SELECT action, la_code FROM audit_log WHERE action LIKE 'case_study.%' ORDER BY id");
    expect(rows.filter((r) => r.action === "case_study.findings").length).toBeGreaterThanOrEqual(2);
  });
});

describe("validation", () => {
  it("reports the confusion table, withholds kappa under 10 findings, and lists where the survey over-predicted", async () => {
    const res = await researcher.agent.get("/api/admin/case-studies/validation").expect(200);
    expect(res.body).toMatchObject({ n: 2, nNotEnoughInformation: 1, agreement: null, kappa: null });
    expect(res.body.note).toMatch(/Only 2 findings/);
    const cell = res.body.confusion.find((c: { predicted: string; observed: string }) => c.predicted === "notNow" && c.observed === "ready");
    expect(cell.count).toBe(1);
    expect(res.body.byWave).toEqual([expect.objectContaining({ key: "1", label: "Wave 1", n: 2 })]);
    const over = res.body.mispredictions.find((m: { direction: string }) => m.direction === "over");
    expect(over).toMatchObject({ predicted: "ready", observed: "develop", reason: "definition_differs", reasonLabel: "Definition differs", count: 1 });
    expect(over.findings[0]).toMatchObject({ laCode: picks[0], indicatorId: indA });
  });

  it("quotes agreement and kappa from 10 comparable findings", async () => {
    for (const [i, id] of indicators.slice(3, 13).entries()) await setBand(picks[2], id, i % 2 ? "ready_now" : "not_feasible_now", i % 2 ? 90 : 10);
    await put(researcher, picks[2], {
      findings: indicators.slice(3, 13).map((id, i) => ({ indicatorId: id, result: i % 2 ? "produced" : "not_produced", reason: i % 2 ? undefined : "not_recorded" })),
    }).expect(200);
    const res = await researcher.agent.get("/api/admin/case-studies/validation").expect(200);
    expect(res.body.n).toBe(12);
    expect(res.body.agreement).toBeCloseTo(10 / 12, 10);
    expect(typeof res.body.kappa).toBe("number");
    const la = res.body.byLa.find((g: { key: string }) => g.key === picks[2]);
    expect(la).toMatchObject({ n: 10, agreement: 1, kappa: 1 });
  });
});

describe("records, contacts, log, consultations, proposals", () => {
  const base = () => `/api/admin/case-studies/fieldwork/${picks[1]}`;

  it("lists case-study LAs and keeps a record with status, decline reason and visits", async () => {
    const list = await researcher.agent.get("/api/admin/case-studies/fieldwork").expect(200);
    expect(list.body.las.map((l: { laCode: string }) => l.laCode).sort()).toEqual([...picks].sort());
    await researcher.agent.put(`${base()}/record`).set("x-csrf-token", researcher.csrfToken).send({ status: "declined" }).expect(422);
    await researcher.agent
      .put(`${base()}/record`)
      .set("x-csrf-token", researcher.csrfToken)
      .send({ status: "visits_done", visitDates: ["2026-11-20", "2026-11-03"] })
      .expect(200);
    const detail = await researcher.agent.get(base()).expect(200);
    expect(detail.body.record).toMatchObject({ status: "visits_done", visitDates: ["2026-11-03", "2026-11-20"] });
    expect(detail.body.indicators.length).toBe(indicators.length);
    await researcher.agent.put(`${base()}/record`).set("x-csrf-token", researcher.csrfToken).send({ status: "paused" }).expect(400);
  });

  it("stores named contacts and a log, audited without the contact's name", async () => {
    const c = await researcher.agent.post(`${base()}/contacts`).set("x-csrf-token", researcher.csrfToken).send({ name: "Sam Analyst", email: "sam@la.example", role: "BI lead" }).expect(200);
    await researcher.agent.post(`${base()}/log`).set("x-csrf-token", researcher.csrfToken).send({ entry: "First visit booked" }).expect(200);
    const detail = await researcher.agent.get(base()).expect(200);
    expect(detail.body.contacts).toEqual([expect.objectContaining({ id: c.body.id, name: "Sam Analyst", email: "sam@la.example" })]);
    expect(detail.body.log[0]).toMatchObject({ entry: "First visit booked", createdBy: researcher.user.id });
    const audit = await db.pool.query("SELECT details::text AS d FROM audit_log WHERE action = 'case_study.contact_add'");
    expect(audit.rows[0].d).not.toMatch(/Sam|sam@/);
    // erase-personal-data --contact-email reaches case-study contacts too, keeping the row as a pseudonym
    expect(await eraseContactsByEmail(db.pool, "SAM@la.example")).toEqual([`case-study-contact:${c.body.id}`]);
    const erased = await researcher.agent.get(base()).expect(200);
    expect(erased.body.contacts[0]).toMatchObject({ name: `Erased contact ${c.body.id}`, email: null, erased: true });
  });

  it("records consultation themes coded to indicators and refuses personal data, saying why", async () => {
    const ok = {
      heldOn: "2026-11-21",
      format: "Focus group",
      group: "Care leavers",
      participants: 7,
      themes: [{ theme: "Wanted a say in pathway plans", outcomeArea: null, indicatorIds: [indA] }],
    };
    await researcher.agent.post(`${base()}/consultations`).set("x-csrf-token", researcher.csrfToken).send(ok).expect(200);
    const bad = await researcher.agent
      .post(`${base()}/consultations`)
      .set("x-csrf-token", researcher.csrfToken)
      .send({ ...ok, themes: [{ theme: "Ask jo@example.org, she felt ignored" }] })
      .expect(422);
    expect(bad.body.field).toBe("themes[0].theme");
    expect(bad.body.message).toMatch(/personal data \(e-mail address\)/);
    const unknown = await researcher.agent.post(`${base()}/consultations`).set("x-csrf-token", researcher.csrfToken).send({ ...ok, themes: [{ theme: "x", indicatorIds: ["ind_nope"] }] }).expect(422);
    expect(unknown.body.field).toBe("themes[0].indicatorIds[0]");
    const detail = await researcher.agent.get(base()).expect(200);
    expect(detail.body.consultations).toHaveLength(1);
    expect(detail.body.consultations[0]).toMatchObject({ group: "Care leavers", participants: 7, themes: [{ indicatorIds: [indA] }] });
  });

  it("lists definition changes proposed by findings and lets researchers accept them", async () => {
    await put(researcher, picks[1], { findings: [{ indicatorId: indB, result: "produced_with_differences", reason: "definition_differs", definitionChange: "Count from strategy discussion, not referral" }] }).expect(200);
    const list = await researcher.agent.get("/api/admin/case-studies/proposals").expect(200);
    expect(list.body.proposals).toEqual([expect.objectContaining({ laCode: picks[1], indicatorId: indB, status: "proposed", change: "Count from strategy discussion, not referral" })]);
    await researcher.agent.put(`/api/admin/case-studies/proposals/${picks[1]}/${indB}`).set("x-csrf-token", researcher.csrfToken).send({ status: "accepted" }).expect(200);
    const after = await researcher.agent.get("/api/admin/case-studies/proposals").expect(200);
    expect(after.body.proposals[0].status).toBe("accepted");
    await researcher.agent.put(`/api/admin/case-studies/proposals/${picks[1]}/${indA}`).set("x-csrf-token", researcher.csrfToken).send({ status: "accepted" }).expect(404);
  });
});

describe("research export", () => {
  it("carries findings with predictions, the validation tables, consultation themes and their column notes, in the workbook and the bundle", async () => {
    const xlsx = await researcher.agent.get("/api/admin/exports/responses.xlsx").buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const findings = wb.getWorksheet("Case-study findings")!;
    const header = (findings.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(["la_code", "indicator_id", "result", "predicted_band", "predicted_score", "agrees"]));
    const rows = findings.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    const first = rows.find((r) => r[header.indexOf("la_code") + 1] === picks[0] && r[header.indexOf("indicator_id") + 1] === indA)!;
    expect(first[header.indexOf("predicted_band") + 1]).toBe("ready_now");
    expect(first[header.indexOf("agrees") + 1]).toBe(0);
    expect(wb.getWorksheet("Case-study validation")!.getRow(2).getCell(1).value).toBe("overall");
    expect(wb.getWorksheet("Consultation themes")!.getRow(2).getCell(7).value).toBe("Wanted a say in pathway plans");

    const zip = await researcher.agent.get("/api/admin/exports/responses.zip").buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const zipped = readZip(zip.body);
    const files = new Map([...zipped].map(([k, v]) => [k, v.toString("utf8")]));
    const csv = parse(files.get("case_study_findings.csv")!, { columns: true }) as Record<string, string>[];
    expect(csv.length).toBe(rows.length);
    const overall = (parse(files.get("case_study_validation.csv")!, { columns: true }) as Record<string, string>[])[0];
    expect(overall).toMatchObject({ grouping: "overall", n: "12" });
    const docs = parse(files.get("case_study_columns.csv")!, { columns: true }) as Record<string, string>[];
    // every column of the three tables is documented
    for (const name of ["case_study_findings.csv", "case_study_validation.csv", "case_study_consultation_themes.csv"]) {
      const headerLine = files.get(name)!.split(/\r?\n/)[0].split(",");
      expect(docs.filter((d) => d.table === name).map((d) => d.column)).toEqual(headerLine);
    }
  });
});

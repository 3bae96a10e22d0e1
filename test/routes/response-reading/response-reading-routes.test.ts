import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { makeToken } from "../respondent/respondent-fixtures.ts";

let t: TestApp;
let researcher: LoggedIn;
let la: { code: string; name: string };
let untouched: string;
const index = questionIndex(loadDefinitions().current());
const items = index.items_safe!;
const row = String(items.rows![0]!.value);
const completeness = items.columns!.find((c) => c.name === "completeness")!;
const [c0, c1] = completeness.choices!;
const sam = { name: "Sam Analyst", role: "BI lead" };

beforeAll(async () => {
  t = await buildTestApp();
  const { rows } = await t.pool.query("SELECT la_code, name FROM las ORDER BY la_code LIMIT 2");
  la = { code: rows[0].la_code, name: rows[0].name };
  untouched = rows[1].la_code;
  const token = await makeToken(t.pool, la.code);
  const request = supertest(t.app.server);
  const auth = { authorization: `Bearer ${token}` };
  await request.get("/api/respondent/response").set(auth).expect(200);
  let version = 0;
  const save = async (changes: Record<string, unknown>) => {
    const res = await request.patch("/api/respondent/response").set(auth).set("if-match", String(version)).send({ changes, contributor: sam }).expect(200);
    version = res.body.version;
  };
  await save({ cms_product: "mosaic", [`items_safe.${row}`]: { completeness: c0!.value } });
  for (const text of ["D", "Da", "Dat", "Date", "Dates", "Dates patchy"]) await save({ notes_safe: text }); // autosave while typing
  await save({ [`items_safe.${row}`]: { completeness: c1!.value } });
  // Priya answers one question on the matrix's page and hands that page to a colleague
  const priya = { name: "Priya Shah", role: "Head of Performance" };
  const res = await request.patch("/api/respondent/response").set(auth).set("if-match", String(version)).send({ changes: { [`items_safe.${String(items.rows![1]!.value)}`]: { completeness: c0!.value } }, contributor: priya }).expect(200);
  version = res.body.version;
  await request.post("/api/respondent/handoffs").set(auth).send({ page: items.page, colleagueName: "Alex Fox", contributor: priya }).expect(201);
  researcher = await loginAs(t.app, "researcher");
});
afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/responses/:laCode/readable", () => {
  it("gives the answers by page in the questionnaire's words, a matrix as items by aspects", async () => {
    const res = await researcher.agent.get(`/api/admin/responses/${la.code}/readable`).expect(200);
    expect(res.body).toMatchObject({ la: { laCode: la.code, name: la.name }, status: "in_progress" });
    const questions = (res.body.pages as { questions: { name: string }[] }[]).flatMap((p) => p.questions) as Record<string, unknown>[];
    expect(questions.find((q) => q.name === "cms_product")).toMatchObject({
      title: index.cms_product!.title,
      answer: index.cms_product!.choices!.find((c) => c.value === "mosaic")!.text,
      lastEdit: { name: sam.name, role: sam.role },
    });
    const matrix = questions.find((q) => q.name === "items_safe")!.matrix as { columns: string[]; rows: { title: string; cells: string[] }[] };
    expect(matrix.columns).toEqual(items.columns!.map((c) => c.title));
    expect(matrix.rows).toContainEqual(expect.objectContaining({ title: items.rows![0]!.text, cells: ["(no answer)", "(no answer)", c1!.text, "(no answer)"] })); // Priya answered another row
    expect(JSON.stringify(res.body.pages)).not.toContain(`"${row}"`);
  });

  it("says who answered each page (who last changed its answers, how many, the newest change) and whom it was handed to", async () => {
    const res = await researcher.agent.get(`/api/admin/responses/${la.code}/readable`).expect(200);
    const pages = res.body.pages as { name: string; answeredBy: unknown[]; lastChangeAt: string | null; handoff: string | null }[];
    const matrixPage = pages.find((p) => p.name === items.page)!;
    expect(matrixPage.answeredBy).toEqual(expect.arrayContaining([{ name: "Priya Shah", role: "Head of Performance", answers: 1 }, expect.objectContaining({ name: sam.name, role: sam.role })]));
    expect(matrixPage.lastChangeAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(matrixPage.handoff).toBe("Handed to Alex Fox: not opened yet.");
    const cmsPage = pages.find((p) => p.name === index.cms_product!.page)!;
    expect(cmsPage.answeredBy[0]).toMatchObject({ name: sam.name, role: sam.role });
    const untouchedPages = pages.filter((p) => p.answeredBy.length === 0);
    for (const p of untouchedPages) expect(p).toMatchObject({ lastChangeAt: null });
  });

  it("tells the history in words, one entry for a burst of typing, while the change log keeps every save", async () => {
    const res = await researcher.agent.get(`/api/admin/responses/${la.code}/readable`).expect(200);
    const texts = (res.body.history as { kind: string; text: string }[]).filter((h) => h.kind === "answers").map((h) => h.text);
    expect(texts).toContain(`Sam Analyst (BI lead) answered ‘${index.notes_safe!.title}’: Dates patchy (6 saves)`);
    expect(texts).toContain(`Sam Analyst (BI lead) answered ‘${items.rows![0]!.text}: ${completeness.title}’: ${c1!.text} (2 saves)`); // first answered, then changed, in one burst
    expect(texts.filter((x) => x.startsWith("Sam Analyst"))).toHaveLength(3);
    expect(texts.join("\n")).not.toMatch(/notes_safe|items_safe|cms_product/);
    const log = await t.pool.query("SELECT count(*)::int AS n FROM response_changes c JOIN responses r ON r.id = c.response_id WHERE r.la_code = $1 AND c.question = 'notes_safe'", [la.code]);
    expect(log.rows[0].n).toBe(6);
  });

  it("answers for an LA that has not started, and refuses viewers, strangers and bad codes by name", async () => {
    const empty = await researcher.agent.get(`/api/admin/responses/${untouched}/readable`).expect(200);
    expect(empty.body).toMatchObject({ status: "not_started", pages: [], definitionVersion: null });
    const viewer = await loginAs(t.app, "viewer");
    expect((await viewer.agent.get(`/api/admin/responses/${la.code}/readable`)).status).toBe(403);
    expect((await supertest(t.app.server).get(`/api/admin/responses/${la.code}/readable`)).status).toBe(401);
    const bad = await researcher.agent.get("/api/admin/responses/12x/readable");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: "laCode", message: "LA code must be 3 digits" });
    const unknown = await researcher.agent.get("/api/admin/responses/999/readable");
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("laCode: no LA with code 999");
  });
});

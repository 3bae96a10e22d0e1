/**
 * The Delphi results workbook over the API, opened by LibreOffice (headless): every sheet is there,
 * figures match the results API, panellists appear only by pseudonymous id, and text that looks like
 * a formula (an item name, a comment) is shown as typed and never evaluated. Researchers only; audited.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { listAudit } from "../../../server/repositories/audit-repository.ts";
import { findSoffice, libreOfficeRequired, sheetsAsCsv } from "../../domain/exports/libreoffice.ts";

const maybe = findSoffice() !== null || libreOfficeRequired ? describe : describe.skip;
const FORMULA_NAME = "=SUM(1,2) children seen";
const FORMULA_COMMENT = '=HYPERLINK("http://evil.example","click")';
let t: TestApp;
let researcher: LoggedIn;
let viewer: LoggedIn;
let studyId: string;
let itemId: string;
let dir: string;
const post = (path: string, body: object = {}) => researcher.agent.post(path).set("x-csrf-token", researcher.csrfToken).send(body);

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
  viewer = await loginAs(t.app, "viewer");
  dir = await mkdtemp(join(tmpdir(), "delphi-xlsx-"));
  studyId = (await post("/api/admin/delphi/studies", { title: "Workbook study" }).expect(200)).body.id;
  itemId = (await post(`/api/admin/delphi/studies/${studyId}/items`, { name: FORMULA_NAME, definition: "-1 means nothing", outcomeArea: "" }).expect(200)).body.id;
  const panel = [0, 1, 2].map((i) => ({ name: `Named Person ${i}`, email: `named${i}@panel.example`, group: "practitioners" }));
  const tokens = (await post(`/api/admin/delphi/studies/${studyId}/panellists`, { panellists: panel }).expect(200)).body.panellists.map((p: { link: string }) => p.link.split("#")[1]);
  await post(`/api/admin/delphi/studies/${studyId}/rounds/open`, { items: [itemId] }).expect(200);
  const rate = (i: number, body: object) => supertest(t.app.server).put("/api/delphi/ratings").set("authorization", `Bearer ${tokens[i]}`).send(body).expect(200);
  await rate(0, { ratings: { [itemId]: 9 }, comments: { [itemId]: FORMULA_COMMENT } });
  await rate(1, { ratings: { [itemId]: 7 } });
  await rate(2, { ratings: { [itemId]: "unable" } });
  await post(`/api/admin/delphi/studies/${studyId}/rounds/close`).expect(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("results workbook", () => {
  it("is for researchers only", async () => {
    await supertest(t.app.server).get(`/api/admin/delphi/studies/${studyId}/results.xlsx`).expect(401);
    await viewer.agent.get(`/api/admin/delphi/studies/${studyId}/results.xlsx`).expect(403);
    await researcher.agent.get(`/api/admin/delphi/studies/999999/results.xlsx`).expect(404);
  });

  maybe("opened by LibreOffice", () => {
    it("has every sheet, the same figures as the API, pseudonymous panellists and formula-like text shown as typed", { timeout: 240_000 }, async () => {
      const res = await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/results.xlsx`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(res.headers["content-disposition"]).toMatch(new RegExp(`attachment; filename="delphi-${studyId}-results-\\d{4}-\\d{2}-\\d{2}\\.xlsx"`));
      const file = join(dir, "delphi.xlsx");
      await writeFile(file, res.body as Buffer);
      const sheets = await sheetsAsCsv(file, "delphi");
      expect([...sheets.keys()].sort()).toEqual(["About", "Attrition", "Comments", "Framework", "Ratings", "Results", "Stopping"]);

      const results = sheets.get("Results")!;
      const h = results[0];
      const row = results.find((r) => r[h.indexOf("item_id")] === itemId && r[h.indexOf("group")] === "all")!;
      expect(row[h.indexOf("item")]).toBe(FORMULA_NAME);
      expect([row[h.indexOf("round")], row[h.indexOf("rated")], row[h.indexOf("unable")], row[h.indexOf("median")], row[h.indexOf("pct_7_to_9")]]).toEqual(["1", "2", "1", "8", "100"]);
      expect([row[h.indexOf("n_rating_7")], row[h.indexOf("n_rating_9")], row[h.indexOf("n_rating_1")]]).toEqual(["1", "1", "0"]);
      const api = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/results`).expect(200)).body.items.find((i: { id: string }) => i.id === itemId).rounds[0];
      expect(Number(row[h.indexOf("disagreement_index")])).toBe(api.disagreement.index);

      const comments = sheets.get("Comments")!;
      expect(comments.flat()).toContain(FORMULA_COMMENT);
      const ratings = sheets.get("Ratings")!;
      expect(ratings.slice(1).every((r) => /^P\d+$/.test(r[0]))).toBe(true);
      expect(ratings.slice(1).map((r) => [r[4], r[5]]).sort()).toEqual([["", "yes"], ["7", "no"], ["9", "no"]]);
      const everything = JSON.stringify([...sheets.values()]);
      expect(everything).not.toMatch(/Named Person|panel\.example/);
      expect(sheets.get("About")!.flat().join(" ")).toMatch(/ACCORD.*CREDES/);
      expect((await listAudit(t.pool, { action: "delphi.export" })).length).toBe(1);
    });
  });
});

/**
 * The Delphi API end to end on a real database: a researcher sets up a study from the catalogue,
 * adds a panel (private links), runs two rounds; panellists rate, see feedback and only their own
 * ratings; researcher routes need login, the researcher role and CSRF; the framework view joins
 * consensus with LA feasibility.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { listAudit } from "../../../server/repositories/audit-repository.ts";
import { eraseContactsByEmail } from "../../../server/services/erasure-service.ts";

let t: TestApp;
let researcher: LoggedIn;
let viewer: LoggedIn;
let studyId: string;
let items: { id: string; name: string; indicatorId: string | null }[];
const links: { id: string; group: string; token: string }[] = [];

const post = (s: LoggedIn, path: string, body: object = {}) => s.agent.post(path).set("x-csrf-token", s.csrfToken).send(body);
const asPanellist = (i: number) => ({
  get: (path: string) => supertest(t.app.server).get(path).set("authorization", `Bearer ${links[i].token}`),
  put: (path: string, body: object) => supertest(t.app.server).put(path).set("authorization", `Bearer ${links[i].token}`).send(body),
  post: (path: string) => supertest(t.app.server).post(path).set("authorization", `Bearer ${links[i].token}`).send({}),
});

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
  viewer = await loginAs(t.app, "viewer");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("researcher routes", () => {
  it("need a session, the researcher role and the CSRF token", async () => {
    await supertest(t.app.server).get("/api/admin/delphi/studies").expect(401);
    await supertest(t.app.server).post("/api/admin/delphi/studies").send({ title: "x" }).expect(401);
    await viewer.agent.get("/api/admin/delphi/studies").expect(403);
    await post(viewer, "/api/admin/delphi/studies", { title: "x" }).expect(403);
    await researcher.agent.post("/api/admin/delphi/studies").send({ title: "No CSRF" }).expect(403);
  });

  it("create a study whose items are the catalogue's indicators", async () => {
    // a title of spaces is no title: 422 naming it, nothing created
    const blank = await post(researcher, "/api/admin/delphi/studies", { title: "   " }).expect(422);
    expect(blank.body.field).toBe("title");
    const res = await post(researcher, "/api/admin/delphi/studies", { title: "Outcomes framework Delphi" }).expect(200);
    studyId = res.body.id;
    const study = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body;
    expect(study.items.length).toBeGreaterThan(5);
    expect(study.items.every((i: { origin: string; indicatorId: string }) => i.origin === "catalogue" && i.indicatorId)).toBe(true);
    expect(study.settings.consensus).toMatchObject({ inMinPctHigh: 70, inMaxPctLow: 15, minGroupRaters: 5 });
    items = study.items;
  });

  it("add a researcher item with its lineage, refusing unknown parents", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/items`, { name: "Merged item", definition: "d", outcomeArea: "", derivedFrom: ["999999"] })
      .expect(422)
      .expect((r) => expect(r.body.message).toMatch(/derivedFrom\[0\]/));
    const res = await post(researcher, `/api/admin/delphi/studies/${studyId}/items`, { name: "Children's own view of their safety", definition: "Share of children who say they feel safe", outcomeArea: "", derivedFrom: [items[0].id] }).expect(200);
    const study = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body;
    const added = study.items.find((i: { id: string }) => i.id === res.body.id);
    expect(added).toMatchObject({ origin: "researcher", indicatorId: null, derivedFrom: [items[0].id] });
    items = study.items;
  });

  it("add panellists: each gets a private link with a 256-bit token in the fragment, stored only hashed", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/panellists`, { panellists: [{ name: "A", email: "a@x.org", group: "nope" }] })
      .expect(422)
      .expect((r) => expect(r.body.message).toMatch(/panellists\[0\]\.group/));
    const panel = [
      ...Array.from({ length: 6 }, (_, i) => ({ name: `Practitioner ${i}`, email: `p${i}@panel.example`, group: "practitioners", consent: true })),
      ...Array.from({ length: 2 }, (_, i) => ({ name: `Leader ${i}`, email: `l${i}@panel.example`, group: "la_leaders", consent: true })),
    ];
    const res = await post(researcher, `/api/admin/delphi/studies/${studyId}/panellists`, { panellists: panel }).expect(200);
    for (const p of res.body.panellists) {
      const m = /^http:\/\/localhost:3000\/delphi#([A-Za-z0-9_-]{43})$/.exec(p.link);
      expect(m).not.toBeNull();
      links.push({ id: p.id, group: p.group, token: m![1] });
    }
    const stored = await t.pool.query(`SELECT token_hash FROM delphi_panellists WHERE study_id = $1`, [studyId]);
    expect(stored.rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && !links.some((l) => l.token === r.token_hash))).toBe(true);
  });
});

describe("rounds and ratings", () => {
  it("refuse ratings while no round is open, and unknown links", async () => {
    await asPanellist(0).put("/api/delphi/ratings", { ratings: { [items[0].id]: 8 } }).expect(409);
    expect((await asPanellist(0).get("/api/delphi/round").expect(200)).body.round).toBeNull();
    await supertest(t.app.server).get("/api/delphi/round").set("authorization", `Bearer ${"x".repeat(43)}`).expect(401);
    await supertest(t.app.server).get("/api/delphi/round").expect(401);
  });

  it("opening round 1 locks the consensus rule", async () => {
    const settings = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/settings`).expect(200)).body.settings;
    const changed = { ...settings, consensus: { ...settings.consensus, inMinPctHigh: 75 } };
    const before = await researcher.agent.put(`/api/admin/delphi/studies/${studyId}/settings`).set("x-csrf-token", researcher.csrfToken).send(changed).expect(200);
    expect(before.body.rulesVersion).toBe(2);
    await researcher.agent.put(`/api/admin/delphi/studies/${studyId}/settings`).set("x-csrf-token", researcher.csrfToken).send(settings).expect(200);
    const round = await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/open`, {}).expect(200);
    expect(round.body.round).toMatchObject({ number: 1, open: true, invited: 8, submitted: 0 });
    await researcher.agent.put(`/api/admin/delphi/studies/${studyId}/settings`).set("x-csrf-token", researcher.csrfToken).send(changed).expect(409);
    await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/open`, {}).expect(409);
  });

  it("show each panellist every item in their own recorded order", async () => {
    const a = (await asPanellist(0).get("/api/delphi/round").expect(200)).body;
    const again = (await asPanellist(0).get("/api/delphi/round").expect(200)).body;
    expect(a.round).toMatchObject({ number: 1, submitted: false });
    expect(a.items.map((i: { id: string }) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect(again.items.map((i: { id: string }) => i.id)).toEqual(a.items.map((i: { id: string }) => i.id));
    expect(a.items.every((i: { feedback: unknown }) => i.feedback === null)).toBe(true);
  });

  it("refuse ratings outside 1-9 and unknown items, naming the item", async () => {
    const bad = await asPanellist(0).put("/api/delphi/ratings", { ratings: { [items[0].id]: 10 } }).expect(422);
    expect(bad.body.message).toContain(`ratings.${items[0].id}`);
    await asPanellist(0).put("/api/delphi/ratings", { ratings: { [items[0].id]: 2.5 } }).expect(422);
    const unknown = await asPanellist(0).put("/api/delphi/ratings", { ratings: { "999999": 5 } }).expect(422);
    expect(unknown.body.message).toContain("ratings.999999");
  });

  it("autosave ratings, comments and unable to rate; a panellist reads back only their own", async () => {
    const [first, second] = items;
    // practitioners 0-5 rate the first item 8 (consensus in); leaders rate it 2; second item is split
    for (let i = 0; i < 8; i++) {
      const r1 = i < 6 ? 8 : 2;
      const r2 = i % 2 ? 9 : 1;
      await asPanellist(i)
        .put("/api/delphi/ratings", { ratings: { [first.id]: r1, [second.id]: i === 7 ? "unable" : r2 }, comments: { [first.id]: `comment from panellist ${i}` } })
        .expect(200);
    }
    const mine = (await asPanellist(1).get("/api/delphi/round").expect(200)).body.items;
    expect(mine.find((i: { id: string }) => i.id === first.id)).toMatchObject({ rating: 8, comment: "comment from panellist 1" });
    expect(mine.find((i: { id: string }) => i.id === second.id).rating).toBe(9);
    const leader = (await asPanellist(7).get("/api/delphi/round").expect(200)).body.items;
    expect(leader.find((i: { id: string }) => i.id === second.id).rating).toBe("unable");
    expect(JSON.stringify(leader)).not.toContain("comment from panellist 1");
    // clearing a rating
    await asPanellist(7).put("/api/delphi/ratings", { ratings: { [second.id]: null } }).expect(200);
    await asPanellist(7).put("/api/delphi/ratings", { ratings: { [second.id]: "unable" } }).expect(200);
  });

  it("panellists propose items in round 1; the researcher accepts, merges or declines each with a reason", async () => {
    await asPanellist(0).post("/api/delphi/proposals").expect(400); // no body fields
    const propose = (i: number, name: string) =>
      supertest(t.app.server).post("/api/delphi/proposals").set("authorization", `Bearer ${links[i].token}`).send({ name, rationale: "Children ask for it" });
    await propose(0, "  ").expect(422);
    const a = (await propose(0, "Children's trust in their social worker").expect(200)).body.id;
    const b = (await propose(1, "Re-referrals again").expect(200)).body.id;
    const c = (await propose(2, "Something off-topic").expect(200)).body.id;
    const list = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/proposals`).expect(200)).body.proposals;
    expect(list.map((p: { name: string }) => p.name)).toEqual(["Children's trust in their social worker", "Re-referrals again", "Something off-topic"]);
    expect(JSON.stringify(list)).not.toMatch(/Practitioner \d|panel\.example/);
    const base = `/api/admin/delphi/studies/${studyId}/proposals`;
    await post(researcher, `${base}/${a}/accept`, { reason: "" }).expect(422);
    const accepted = (await post(researcher, `${base}/${a}/accept`, { reason: "Not covered by the catalogue" }).expect(200)).body.itemId;
    await post(researcher, `${base}/${a}/decline`, { reason: "changed my mind" }).expect(409);
    await post(researcher, `${base}/${b}/merge`, { reason: "Same as an existing item", itemId: "999999" }).expect(422);
    await post(researcher, `${base}/${b}/merge`, { reason: "Same as an existing item", itemId: items[0].id }).expect(200);
    await post(researcher, `${base}/${c}/decline`, { reason: "Out of scope" }).expect(200);
    const study = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body;
    expect(study.items.find((i: { id: string }) => i.id === accepted)).toMatchObject({ origin: "panellist", indicatorId: null, name: "Children's trust in their social worker" });
    const after = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/proposals`).expect(200)).body.proposals;
    expect(after.map((p: { status: string }) => p.status)).toEqual(["accepted", "merged", "declined"]);
    items = study.items;
  });

  it("after submit, ratings can no longer change; a revoked link stops working", async () => {
    for (let i = 0; i < 7; i++) await asPanellist(i).post("/api/delphi/round/submit").expect(200);
    await asPanellist(0).put("/api/delphi/ratings", { ratings: { [items[0].id]: 5 } }).expect(409);
    await asPanellist(0).post("/api/delphi/round/submit").expect(409);
    expect((await listAudit(t.pool, { action: "delphi.round_submit" })).length).toBe(7);
    const study = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body;
    expect(study.rounds[0].byGroup.find((g: { group: string }) => g.group === "practitioners")).toMatchObject({ invited: 6, submitted: 6 });
    expect(study.rounds[0].byGroup.find((g: { group: string }) => g.group === "la_leaders")).toMatchObject({ invited: 2, submitted: 1 });
  });

  it("moderate comments: only approved ones reach panellists, without a name", async () => {
    const comments = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/comments`).expect(200)).body.comments;
    expect(comments).toHaveLength(8);
    const c0 = comments.find((c: { text: string }) => c.text === "comment from panellist 0");
    const c1 = comments.find((c: { text: string }) => c.text === "comment from panellist 1");
    await post(researcher, `/api/admin/delphi/studies/${studyId}/comments/${c0.id}/approve`).expect(200);
    await post(researcher, `/api/admin/delphi/studies/${studyId}/comments/${c1.id}/redact`).expect(200);
    await post(viewer, `/api/admin/delphi/studies/${studyId}/comments/${c1.id}/approve`).expect(403);
  });

  it("close round 1: results per item and group under the stored rule", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/close`).expect(200);
    await asPanellist(7).put("/api/delphi/ratings", { ratings: { [items[0].id]: 5 } }).expect(409);
    const res = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/results`).expect(200)).body;
    expect(res.ruleVersion).toBe(3);
    const first = res.items.find((i: { id: string }) => i.id === items[0].id).rounds[0];
    expect(first).toMatchObject({ round: 1, nInvited: 8, nResponded: 7, nRated: 8, pct7to9: 75, pct1to3: 25, consensus: "none", consensusOverallOnly: "none" });
    expect(first.byGroup.find((g: { group: string }) => g.group === "practitioners")).toMatchObject({ nRated: 6, consensus: "in", median: 8 });
    expect(first.byGroup.find((g: { group: string }) => g.group === "la_leaders")).toMatchObject({ nRated: 2, consensus: null });
    const second = res.items.find((i: { id: string }) => i.id === items[1].id).rounds[0];
    expect(second).toMatchObject({ nRated: 7, nUnable: 1 });
  });

  it("round 2 shows the previous distribution, the panellist's own rating, approved comments, and hides small groups", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/open`, { items: [items[0].id, items[1].id], eligible: "previousCompleters" })
      .expect(200)
      .expect((r) => expect(r.body.round).toMatchObject({ number: 2, invited: 7 }));
    await asPanellist(7).get("/api/delphi/round").expect(200).expect((r) => expect(r.body.round).toBeNull());
    const body = (await asPanellist(2).get("/api/delphi/round").expect(200)).body;
    const fb = body.items.find((i: { id: string }) => i.id === items[0].id).feedback;
    expect(fb).toMatchObject({ median: 8, nRated: 8, yourPrevious: 8, comments: ["comment from panellist 0"] });
    expect(fb.distribution).toEqual([0, 2, 0, 0, 0, 0, 0, 6, 0]);
    expect(fb.byGroup.map((g: { group: string }) => g.group)).toEqual(["practitioners"]); // leaders: 2 raters, under 5
    expect(JSON.stringify(body)).not.toMatch(/Practitioner \d|Leader \d|panel\.example/);
    await asPanellist(2).put("/api/delphi/ratings", { ratings: { [items[0].id]: 7 } }).expect(200);
    await supertest(t.app.server).post("/api/delphi/proposals").set("authorization", `Bearer ${links[2].token}`).send({ name: "Late idea", rationale: "" }).expect(409);
  });

  it("the framework view joins consensus with feasibility and records meeting decisions", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/decisions`, { itemId: items[1].id, decision: "maybe", reason: "x" }).expect(422);
    await post(researcher, `/api/admin/delphi/studies/${studyId}/decisions`, { itemId: items[1].id, decision: "include", reason: "Needed for outcome 3" }).expect(200);
    const view = (await viewer.agent.get(`/api/admin/framework?delphi=${studyId}`).expect(200)).body;
    expect(view.rulesVersion).toBe(1);
    expect(view.snapshot).toMatchObject({ submittedLas: 0 });
    expect(view.rules.map((r: { id: string }) => r.id)).toContain("recommend_national");
    const second = view.indicators.find((i: { id: string }) => i.id === items[1].id);
    expect(second.importance.kind).toBe("meeting_include");
    expect(second.recommendation).toBe("feasibility_not_assessed");
    const added = view.indicators.find((i: { indicatorId: string | null }) => i.indicatorId === null);
    expect(added.recommendation).toBe("awaiting_consensus");
    expect(view.indicators.every((i: { reason: string }) => i.reason.length > 10)).toBe(true);
    await viewer.agent.get(`/api/admin/framework?delphi=999999`).expect(404);
    // the CSV: one row per item, formula-like text neutralised
    await post(researcher, `/api/admin/delphi/studies/${studyId}/items`, { name: "=HYPERLINK(\"http://x\")", definition: "", outcomeArea: "" }).expect(200);
    const csv = await viewer.agent.get(`/api/admin/framework.csv?delphi=${studyId}`).expect(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="framework-delphi-\d+-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toMatch(/^item_id,indicator_id,indicator,importance/);
    expect(lines.filter((l) => /^\d+,/.test(l)).length).toBe(view.indicators.length + 1 + 7); // items, the new one, and 7 numbered rules
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("revoking a link and erasing a panellist by e-mail", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/panellists/${links[3].id}/revoke`).expect(200);
    await asPanellist(3).get("/api/delphi/round").expect(401);
    await eraseContactsByEmail(t.pool, "P4@panel.example");
    const { rows } = await t.pool.query(`SELECT name, email, revoked_at FROM delphi_panellists WHERE id = $1`, [links[4].id]);
    expect(rows[0].name).toBe(`erased panellist ${links[4].id}`);
    expect(rows[0].email).not.toContain("panel.example");
    await asPanellist(4).get("/api/delphi/round").expect(401);
  });
});

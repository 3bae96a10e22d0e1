/**
 * Settings editing over the API (422 naming the field, the 409 after round 1 in words, the stopping
 * rule still editable), and the results' stopping rule, attrition by round and group and the
 * RAND/UCLA disagreement index on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

let t: TestApp;
let researcher: LoggedIn;
let studyId: string;
let items: { id: string }[];
const tokens: string[] = [];
const post = (path: string, body: object = {}) => researcher.agent.post(path).set("x-csrf-token", researcher.csrfToken).send(body);
const put = (path: string, body: object) => researcher.agent.put(path).set("x-csrf-token", researcher.csrfToken).send(body);
const as = (i: number) => ({
  put: (body: object) => supertest(t.app.server).put("/api/delphi/ratings").set("authorization", `Bearer ${tokens[i]}`).send(body),
  submit: () => supertest(t.app.server).post("/api/delphi/round/submit").set("authorization", `Bearer ${tokens[i]}`).send({}),
});

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
  studyId = (await post("/api/admin/delphi/studies", { title: "Stopping study" }).expect(200)).body.id;
  const panel = [
    ...Array.from({ length: 5 }, (_, i) => ({ name: `P${i}`, email: `p${i}@panel.example`, group: "practitioners" })),
    ...Array.from({ length: 2 }, (_, i) => ({ name: `L${i}`, email: `l${i}@panel.example`, group: "la_leaders" })),
  ];
  for (const p of (await post(`/api/admin/delphi/studies/${studyId}/panellists`, { panellists: panel }).expect(200)).body.panellists) tokens.push(/#(.+)$/.exec(p.link)![1]);
  items = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body.items;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("settings", () => {
  it("refuse bad values with 422 naming the field, and change nothing", async () => {
    const { settings } = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/settings`).expect(200)).body;
    expect(settings.stopping).toEqual({ maxRounds: 3, stabilityThresholdPct: 15, stopWhen: "consensusOrStable" });
    const cases: [object, string][] = [
      [{ ...settings, stopping: { ...settings.stopping, stabilityThresholdPct: 0 } }, "stopping.stabilityThresholdPct"],
      [{ ...settings, stopping: { ...settings.stopping, maxRounds: 0 } }, "stopping.maxRounds"],
      [{ ...settings, consensus: { ...settings.consensus, inMinPctHigh: 120 } }, "consensus.inMinPctHigh"],
      [{ ...settings, groups: [...settings.groups, { key: "Bad Key", label: "x" }] }, `groups[${settings.groups.length}].key`],
      [{ ...settings, groups: [{ key: "a", label: " " }] }, "groups[0].label"],
    ];
    for (const [body, field] of cases) {
      const res = await put(`/api/admin/delphi/studies/${studyId}/settings`, body).expect(422);
      expect(res.body.message).toContain(field);
    }
    const bad = await put(`/api/admin/delphi/studies/${studyId}/settings`, { ...settings, stopping: { ...settings.stopping, stopWhen: "whenever" } }).expect(400);
    expect(bad.body).toMatchObject({ field: "stopping.stopWhen", message: "Stop when is not one of the choices" });
    expect((await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/settings`).expect(200)).body).toMatchObject({ settings, rulesVersion: 1 });
  });

  it("after round 1 opens, the rule and groups are refused with a reason in words; the stopping rule still changes", async () => {
    const { settings } = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/settings`).expect(200)).body;
    await post(`/api/admin/delphi/studies/${studyId}/rounds/open`, { items: [items[0].id, items[1].id] }).expect(200);
    const locked = await put(`/api/admin/delphi/studies/${studyId}/settings`, { ...settings, consensus: { ...settings.consensus, inMinPctHigh: 80 } }).expect(409);
    expect(locked.body.message).toMatch(/cannot change now: round 1 has opened.*Only the stopping rule can still change/);
    const ok = await put(`/api/admin/delphi/studies/${studyId}/settings`, { ...settings, stopping: { maxRounds: 2, stabilityThresholdPct: 20, stopWhen: "consensusOrStable" } }).expect(200);
    expect(ok.body).toMatchObject({ rulesVersion: 1, rulesLocked: true, settings: { stopping: { maxRounds: 2, stabilityThresholdPct: 20 } } });
  });
});

describe("results: stopping, attrition, IPRAS", () => {
  it("round 1: an agreed item stops by consensus; a split one goes on; IPRAS per item", async () => {
    // item 0: everyone 8 (consensus in). item 1: practitioners 1,1,9,9,9 and leaders 5,5 (split)
    const split = [1, 1, 9, 9, 9, 5, 5];
    for (let i = 0; i < 7; i++) await as(i).put({ ratings: { [items[0].id]: 8, [items[1].id]: split[i] } }).expect(200);
    for (let i = 0; i < 6; i++) await as(i).submit().expect(200); // leader 1 does not submit
    await post(`/api/admin/delphi/studies/${studyId}/rounds/close`).expect(200);
    const res = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/results`).expect(200)).body;
    const [agreed, splitItem] = [items[0].id, items[1].id].map((id) => res.items.find((i: { id: string }) => i.id === id));
    expect(agreed.stopping).toMatchObject({ round: 1, stopped: true, consensusReached: true, stable: null });
    expect(agreed.rounds[0]).toMatchObject({ consensusRandUcla: "in", disagreement: { ipr: 0, disagree: false } });
    // 1 1 5 5 9 9 9: P30 at 1.8 = 1 + 0.8x4 = 4.2; P70 at 4.2 = 9; IPR 4.8; AI |5 - 6.6| = 1.6; IPRAS 4.75; DI 1.011
    expect(splitItem.rounds[0].disagreement).toEqual({ p30: 4.2, p70: 9, ipr: 4.8, asymmetry: 1.6, ipras: 4.75, index: 1.011, disagree: true });
    expect(splitItem.stopping).toMatchObject({ stopped: false });
    expect(res.stopping).toMatchObject({ close: false, roundsHeld: 1, maxRounds: 2, itemsStopped: 1, itemsContinuing: 1 });
    expect(res.stopping.sentence).toMatch(/^Another round is recommended: 1 of the 2 items rated in round 1/);
  });

  it("round 2: the split item is stable, so the study can close; attrition by group", async () => {
    await post(`/api/admin/delphi/studies/${studyId}/rounds/open`, { items: "noConsensus", eligible: "previousCompleters" }).expect(200);
    // 6 rated in both rounds; one practitioner moves 1 -> 5 (1 of 6 = 16.7%, below 20%)
    const again = [5, 1, 9, 9, 9, 5];
    for (let i = 0; i < 6; i++) await as(i).put({ ratings: { [items[1].id]: again[i] } }).expect(200);
    for (let i = 0; i < 4; i++) await as(i).submit().expect(200); // practitioner 4 and leader 0 drop out
    await post(`/api/admin/delphi/studies/${studyId}/rounds/close`).expect(200);
    const res = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/results`).expect(200)).body;
    const splitItem = res.items.find((i: { id: string }) => i.id === items[1].id);
    expect(splitItem.rounds[1]).toMatchObject({ round: 2, stability: 16.7 });
    expect(splitItem.stopping).toMatchObject({ round: 2, stopped: true, stable: true, consensusReached: false });
    expect(res.stopping).toMatchObject({ close: true, roundsHeld: 2 });
    // attrition bias: round-1 ratings of the 4 who submitted round 2 (1 1 9 9) against the 2 who left (9 5)
    expect(splitItem.attritionBias).toEqual({ stayed: { n: 4, median: 5, pct7to9: 50 }, left: { n: 2, median: 7, pct7to9: 50 } });
    expect(res.attrition).toEqual([
      {
        round: 1, invited: 7, responded: 6, previousResponded: null, retained: null, attritionPct: null,
        byGroup: expect.arrayContaining([
          { group: "practitioners", invited: 5, responded: 5, previousResponded: null, retained: null, attritionPct: null },
          { group: "la_leaders", invited: 2, responded: 1, previousResponded: null, retained: null, attritionPct: null },
        ]),
      },
      {
        round: 2, invited: 6, responded: 4, previousResponded: 6, retained: 4, attritionPct: 33.3,
        byGroup: expect.arrayContaining([
          { group: "practitioners", invited: 5, responded: 4, previousResponded: 5, retained: 4, attritionPct: 20 },
          { group: "la_leaders", invited: 1, responded: 0, previousResponded: 1, retained: 0, attritionPct: 100 },
        ]),
      },
    ]);
  });
});

/**
 * GET /api/admin/question-results[/:question]: counts and percentages of the valid base, with
 * Don't know, Not asked and Not answered apart; small groups flagged for researchers and withheld
 * for viewers; free text with its LA for researchers only; personal questions never shown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { lasByRegion, seedCurrentResponses } from "../../helpers/question-results-seed.ts";

let t: TestApp;
let viewer: LoggedIn;
let researcher: LoggedIn;
let london: { laCode: string; name: string; laType: string }[];
let northEast: { laCode: string; name: string; laType: string }[];

beforeAll(async () => {
  t = await buildTestApp();
  const regions = await lasByRegion(t.pool);
  london = regions.get("London")!.slice(0, 6);
  northEast = regions.get("North East")!.slice(0, 2);
  // London: 3 Liquidlogic, 1 Mosaic, 1 Don't know, 1 "another system" named in its own words
  const products = ["liquidlogic", "liquidlogic", "liquidlogic", "mosaic", "dont_know", "other"];
  await seedCurrentResponses(t.pool, [
    ...london.map((la, i) => ({
      laCode: la.laCode,
      status: "submitted" as const,
      data: {
        cms_product: products[i],
        ...(products[i] === "other" ? { "cms_product-Comment": "Home-grown system on Dynamics" } : {}),
        ...(products[i] !== "dont_know" ? { cms_procurement_year: "2015" } : {}),
        bi_tools: i === 0 ? ["power_bi", "excel"] : ["power_bi"],
        support_needed: `More analysts please (${la.name})`,
        cs_contact_name: "Jo Bloggs",
      },
    })),
    // North East: 2 LAs, one has not answered the product question
    { laCode: northEast[0].laCode, status: "submitted", data: { cms_product: "eclipse" } },
    { laCode: northEast[1].laCode, status: "submitted", data: {} },
    // in progress: only counted with status=all
    { laCode: regions.get("South East")![0].laCode, status: "in_progress", data: { cms_product: "mosaic" } },
  ]);
  viewer = await loginAs(t.app, "viewer");
  researcher = await loginAs(t.app, "researcher");
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/question-results", () => {
  it("lists the questions by page with labels, leaving out questions asking for contact details", async () => {
    const res = await viewer.agent.get("/api/admin/question-results").expect(200);
    expect(res.body.respondents).toBe(8);
    const names = res.body.pages.flatMap((p: { questions: { name: string }[] }) => p.questions.map((q) => q.name));
    expect(names).toContain("cms_product");
    expect(names).not.toContain("cs_contact_name");
    expect(res.body.personalLeftOut).toContain("Contact name for case-study work");
    const page = res.body.pages.find((p: { questions: { name: string }[] }) => p.questions.some((q) => q.name === "cms_product"));
    expect(page.title).toBe("Your case-management system");
    expect((await viewer.agent.get("/api/admin/question-results?status=all").expect(200)).body.respondents).toBe(9);
  });

  it("needs a signed-in user", async () => {
    await supertest(t.app.server).get("/api/admin/question-results").expect(401);
  });
});

describe("GET /api/admin/question-results/:question", () => {
  it("counts each answer with the valid base stated and Don't know, Not asked and Not answered apart", async () => {
    const res = await researcher.agent.get("/api/admin/question-results/cms_product").expect(200);
    const part = res.body.parts[0];
    expect(part.options.map((o: { label: string }) => o.label)).toContain("Liquidlogic Children's System (LCS, System C)");
    expect(part.options.map((o: { value: string }) => o.value)).not.toContain("dont_know");
    const liquidlogic = part.options.findIndex((o: { value: string }) => o.value === "liquidlogic");
    // 8 LAs: 6 answered something other than Don't know, 1 Don't know, 1 left it empty
    expect(part.overall).toMatchObject({ las: 8, base: 6, dontKnow: 1, notAnswered: 1, notAsked: 0, small: false });
    expect(part.overall.counts[liquidlogic]).toBe(3);
    expect(part.overall.percents[liquidlogic]).toBe(50);
    const ne = part.byRegion.find((g: { group: string }) => g.group === "North East");
    expect(ne).toMatchObject({ las: 2, base: 1, small: true, notAnswered: 1 });
    // the "other" text comes with its LA
    expect(res.body.freeText).toEqual([expect.objectContaining({ laCode: london[5].laCode, laName: london[5].name, where: "Another or in-house system (please name it)", text: "Home-grown system on Dynamics" })]);
    expect(res.body.next.name).toBe("cms_procurement_year");
    // researchers see which LAs gave each answer
    expect(part.las.options[liquidlogic].map((l: { laCode: string }) => l.laCode).sort()).toEqual(london.slice(0, 3).map((l) => l.laCode).sort());
    expect(part.las.dontKnow).toEqual([{ laCode: london[4].laCode, laName: london[4].name }]);
    expect(part.las.notAnswered.map((l: { laCode: string }) => l.laCode)).toEqual([northEast[1].laCode]);
  });

  it("counts a question the routing hid as Not asked, outside the base", async () => {
    const res = await researcher.agent.get("/api/admin/question-results/cms_procurement_year").expect(200);
    // hidden for the Don't know LA and the LA with no product; shown to the 6 others, 5 of whom answered 2015
    expect(res.body.parts[0].overall).toMatchObject({ las: 8, base: 5, notAsked: 2, notAnswered: 1, dontKnow: 0 });
  });

  it("gives check-box percentages of the LAs that answered", async () => {
    const part = (await researcher.agent.get("/api/admin/question-results/bi_tools").expect(200)).body.parts[0];
    const at = (v: string) => part.options.findIndex((o: { value: string }) => o.value === v);
    expect(part.overall.base).toBe(6);
    expect(part.overall.percents[at("power_bi")]).toBe(100);
    expect(part.overall.percents[at("excel")]).toBeCloseTo(16.7, 5);
  });

  it("lists free-text answers with their LA for researchers, and none for viewers", async () => {
    const r = await researcher.agent.get("/api/admin/question-results/support_needed").expect(200);
    expect(r.body.kind).toBe("text");
    expect(r.body.freeText).toHaveLength(6);
    expect(r.body.freeText[0]).toMatchObject({ region: "London", text: expect.stringMatching(/^More analysts please/) });
    const v = await viewer.agent.get("/api/admin/question-results/support_needed").expect(200);
    expect(v.body.detail).toBe(false);
    expect(v.body.freeText).toEqual([]);
  });

  it("withholds groups under 5 from viewers and names them", async () => {
    const v = (await viewer.agent.get("/api/admin/question-results/cms_product").expect(200)).body.parts[0];
    expect(v.byRegion.map((g: { group: string }) => g.group)).toEqual(["London"]);
    expect(v.withheldRegions).toEqual(["North East"]);
    expect(v.las).toBeUndefined();
    expect(v.overall.base).toBe(6);
  });

  it("refuses a question that is not in the questionnaire, or asks for contact details", async () => {
    const r = await researcher.agent.get("/api/admin/question-results/no_such_question").expect(404);
    expect(r.body.message).toMatch(/no_such_question/);
    await researcher.agent.get("/api/admin/question-results/cs_contact_name").expect(404);
    await researcher.agent.get("/api/admin/question-results/cms_product?status=everything").expect(400);
  });
});

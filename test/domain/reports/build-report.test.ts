import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, snapshotLa, type NationalSnapshot } from "../../../server/domain/reports/build-report.ts";
import { MIN_OTHERS, nearlyUniform, SINGLETON_LAS, WITHHELD_TEXT, type Counts } from "../../../server/domain/reports/disclosure.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";
import { demoWorld, type DemoWorld } from "../../support/demo-reports.ts";

let world: DemoWorld;
let reports: FeedbackReportDto[];

beforeAll(() => {
  world = demoWorld();
  reports = world.submitted.map((s) => buildReport(world.inputFor(s.la.laCode)));
}, 120_000);

/** Every published distribution, keyed by measure and group, with the snapshot LAs it counts. */
function published(rs: FeedbackReportDto[]) {
  const out = new Map<string, { percents: string; members: string[]; measure: string; split: string; group: string }>();
  for (const r of rs) {
    const groupName = { england: "England", region: r.region, la_type: r.laType, neighbours: "" };
    const add = (measure: string, c: FeedbackReportDto["areas"][number]["indicators"][number]["comparisons"][number]) => {
      if (c.status !== "distribution") return;
      const members = world.snapshot.las
        .filter((s) => !SINGLETON_LAS.has(s.laCode))
        .filter((s) => c.groupId === "england" || (c.groupId === "region" ? s.region === r.region : s.laType === r.laType))
        .map((s) => s.laCode);
      const key = `${measure}|${c.groupId}|${groupName[c.groupId]}`;
      const percents = JSON.stringify(c.shares);
      const seen = out.get(key);
      if (seen) expect(seen.percents, `${key} differs between two reports`).toBe(percents);
      out.set(key, { percents, members, measure, split: c.groupId, group: groupName[c.groupId] });
    };
    for (const a of r.areas) for (const i of a.indicators) for (const c of i.comparisons) add(`ind:${i.indicatorId}`, c);
    for (const d of r.capability) for (const c of d.comparisons) add(`cap:${d.dimensionId}`, c);
  }
  return out;
}

function valueIn(measure: string, laCode: string): string {
  const s = world.snapshot.las.find((x) => x.laCode === laCode)!;
  const [kind, id] = measure.split(":");
  if (kind === "ind") return s.bands[id] ?? "not_enough_information";
  const lv = s.levels[id];
  return lv === null || lv === undefined ? "none" : String(lv);
}

function counts(measure: string, members: string[]): Counts {
  const c: Counts = new Map();
  for (const m of members) c.set(valueIn(measure, m), (c.get(valueIn(measure, m)) ?? 0) + 1);
  return c;
}

describe("feedback reports on the demo fieldwork: disclosure control", () => {
  it("builds a report for every submitted LA with its own figures and the four comparison groups", () => {
    expect(reports.length).toBe(world.submitted.length);
    for (const r of reports) {
      const own = world.submitted.find((s) => s.la.laCode === r.laCode)!;
      expect(r.groups.map((g) => g.id)).toEqual(["england", "region", "la_type", "neighbours"]);
      const ready = own.scores.indicators.filter((i) => i.band === "ready_now").length;
      expect(r.summary.bandCounts.find((b) => b.band === "ready_now")!.count).toBe(ready);
      expect(r.summary.standing).toContain(`could supply ${ready} of ${own.scores.indicators.length}`);
      expect(r.areas.flatMap((a) => a.indicators).map((i) => i.band)).toEqual(
        r.areas.flatMap((a) => a.indicators).map((i) => own.scores.indicators.find((x) => x.indicatorId === i.indicatorId)!.band),
      );
    }
  });

  it("shows a group only with at least 5 other LAs with results, never counting the LA itself", () => {
    for (const r of reports) {
      for (const g of r.groups) {
        if (g.submitted < MIN_OTHERS) expect(g.shown).toBe(false);
        if (!g.shown) {
          for (const a of r.areas) for (const i of a.indicators) expect(i.comparisons.some((c) => c.groupId === g.id)).toBe(false);
        }
      }
    }
    // a small snapshot: 5 LAs of one region, so each sees only 4 others there
    const london = world.snapshot.las.filter((s) => s.region === "London" && !SINGLETON_LAS.has(s.laCode)).slice(0, 5);
    const small: NationalSnapshot = { ...world.snapshot, las: london };
    const r = buildReport(world.inputFor(london[0].laCode, small));
    const england = r.groups.find((g) => g.id === "england")!;
    expect(england).toMatchObject({ submitted: 4, shown: false, withheldReason: WITHHELD_TEXT });
    expect(r.areas.every((a) => a.indicators.every((i) => i.comparisons.length === 0))).toBe(true);
    // with one more LA (6 in all) each LA has 5 others: England is shown
    const six: NationalSnapshot = { ...world.snapshot, las: world.snapshot.las.filter((s) => s.region === "London" && !SINGLETON_LAS.has(s.laCode)).slice(0, 6) };
    expect(buildReport(world.inputFor(london[0].laCode, six)).groups.find((g) => g.id === "england")!.shown).toBe(true);
  });

  it("never publishes a distribution from which, leaving out any one LA, the others' common band could be read", () => {
    for (const [key, p] of published(reports)) expect(nearlyUniform(counts(p.measure, p.members)), key).toBe(false);
  });

  it("no difference of two published distributions (any two reports) resolves to one LA or to a group sharing one band", () => {
    const all = [...published(reports).values()];
    const byMeasure = new Map<string, typeof all>();
    for (const p of all) byMeasure.set(p.measure, [...(byMeasure.get(p.measure) ?? []), p]);
    let pairs = 0;
    for (const [measure, list] of byMeasure) {
      for (const a of list) {
        for (const b of list) {
          if (a === b) continue;
          const inA = new Set(a.members);
          if (!b.members.every((m) => inA.has(m)) || b.members.length === a.members.length) continue; // only nested pairs subtract cleanly
          const rest = a.members.filter((m) => !b.members.includes(m));
          pairs++;
          expect(rest.length, `${measure}: ${a.group} minus ${b.group}`).toBeGreaterThan(MIN_OTHERS);
          expect(nearlyUniform(counts(measure, rest)), `${measure}: ${a.group} minus ${b.group}`).toBe(false);
        }
      }
      // England minus the shown regions (or LA types) = the withheld ones together: never revealing
      const england = list.find((p) => p.split === "england");
      for (const split of ["region", "la_type"]) {
        const shown = list.filter((p) => p.split === split);
        if (!england || shown.length === 0) continue;
        const covered = new Set(shown.flatMap((p) => p.members));
        const rest = england.members.filter((m) => !covered.has(m));
        if (rest.length > 0) expect(nearlyUniform(counts(measure, rest)) || rest.length <= MIN_OTHERS, `${measure}: England minus shown ${split}`).toBe(false);
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });

  it("neighbours are only ever a position against the middle band, never a spread", () => {
    for (const r of reports) {
      for (const c of r.areas.flatMap((a) => a.indicators.flatMap((i) => i.comparisons)).filter((c) => c.groupId === "neighbours")) {
        expect(c.shares).toEqual([]);
        expect(["position", "withheld"]).toContain(c.status);
      }
    }
  });

  it("City of London and the Isles of Scilly change no other LA's report, and are compared with England and their region only", () => {
    const fake = world.submitted.find((s) => s.la.region === "London")!;
    const city = { laCode: "201", name: "City of London", region: "London", laType: "City of London" };
    const withCity: NationalSnapshot = { ...world.snapshot, las: [...world.snapshot.las.filter((s) => s.laCode !== "201"), snapshotLa(city, fake.scores)] };
    const without: NationalSnapshot = { ...world.snapshot, las: world.snapshot.las.filter((s) => !SINGLETON_LAS.has(s.laCode)) };
    for (const s of world.submitted.filter((x) => x.la.region === "London" && !SINGLETON_LAS.has(x.la.laCode)).slice(0, 5)) {
      const a = buildReport(world.inputFor(s.la.laCode, withCity));
      const b = buildReport(world.inputFor(s.la.laCode, without));
      expect(a.areas).toEqual(b.areas);
      expect(a.capability).toEqual(b.capability);
    }
    const own = buildReport({ ...world.inputFor(fake.la.laCode, withCity), la: city, neighbours: [] });
    const g = Object.fromEntries(own.groups.map((x) => [x.id, x]));
    expect(g.la_type).toMatchObject({ shown: false, withheldReason: "City of London is an LA type of its own, so it is compared with England and its region only." });
    expect(g.neighbours.shown).toBe(false);
    expect(g.england.shown && g.region.shown).toBe(true);
  });

  it("the same group shows the same figures in every report of it, and every withheld comparison uses one sentence", () => {
    published(reports); // asserts equality across reports
    const texts = new Set(reports.flatMap((r) => r.areas.flatMap((a) => a.indicators.flatMap((i) => i.comparisons.filter((c) => c.status === "withheld").map((c) => c.text)))));
    expect([...texts]).toEqual([WITHHELD_TEXT]);
  });
});

describe("what would move an indicator up", () => {
  it("names the conditions that, met together, lift the indicator a band when the LA is re-scored", () => {
    const base = world.submitted[0];
    const def = world.inputFor(base.la.laCode);
    const report = buildReport(def);
    let checked = 0;
    for (const imp of report.improvements.filter((i) => i.toBand !== "scored")) {
      expect(imp.conditions.length).toBeGreaterThan(0);
      for (const c of imp.conditions) expect(c.text).not.toMatch(/don't know|answer/i);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("an item that cannot be extracted is lifted by making it extractable, re-scored with the rules", () => {
    const input = world.inputFor(world.submitted[0].la.laCode);
    const item = input.catalogue.dataItems.find((d) => d.id === "di_referral_date")!;
    const indicator = input.catalogue.indicators.find((i) => i.id === "ind_rereferrals_12m")!;
    expect(indicator.dataItems).toEqual([{ id: item.id, required: true }]);
    const data = structuredClone(input.data) as Record<string, Record<string, Record<string, string>>>;
    const matrix = Object.keys(data).find((k) => data[k] && typeof data[k] === "object" && item.id in data[k])!;
    data[matrix][item.id] = { ...data[matrix][item.id], extractable: "no", history: "y5_plus" };
    const scores = scoreResponse({ catalogue: input.catalogue, rules: input.rules, data, context: input.capabilityContext }, { explain: false });
    expect(scores.indicators.find((i) => i.indicatorId === indicator.id)!.band).toBe("not_feasible_now");
    const r = buildReport({ ...input, data, scores });
    const imp = r.improvements.find((i) => i.indicatorId === indicator.id)!;
    expect(imp).toMatchObject({ fromBand: "Not feasible now", toBand: "Feasible with development" });
    expect(imp.conditions).toEqual([{ itemId: item.id, itemName: item.name, aspect: "extractable", text: "at least partly extractable at child level" }]);
    expect(imp.text).toBe(`${indicator.name} would be Feasible with development with ${item.name} at least partly extractable at child level.`);
  });
});

/**
 * The welcome page's time figures agree with each other: the whole is the lead's part plus the
 * colleagues' part, and the minutes shown per role add up to both (they were once rounded up to
 * 5 minutes each, so seven small colleague roles showed 60 minutes against "about 40"). The header
 * says nothing is left to answer once every section is complete.
 */
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { welcomeFor } from "../../../server/services/respondent-welcome-service.ts";
import { apportion, timeBreakdown, timeSentence } from "../../../client/src/respondent/time-estimate.ts";
import { readFileSync } from "node:fs";
import { Model } from "survey-core";
import { progressOf, progressText } from "../../../client/src/respondent/progress.ts";

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

describe("time estimates on the first screen", () => {
  it("for every version: total = lead + colleagues = the sum of the minutes shown per role", () => {
    for (const def of loadDefinitions().all()) {
      const w = welcomeFor({ code: "000", name: "Test" }, def);
      const t = timeBreakdown(w);
      expect(t.totalMinutes, `v${def.version}`).toBe(w.estimate.totalMinutes);
      expect(t.coreMinutes + t.colleagueMinutes, `v${def.version}`).toBe(t.totalMinutes);
      expect(sum(t.roles.filter((r) => r.core).map((r) => r.minutes)), `v${def.version}`).toBe(t.coreMinutes);
      expect(sum(t.roles.filter((r) => !r.core).map((r) => r.minutes)), `v${def.version}`).toBe(t.colleagueMinutes);
      expect(sum(t.roles.map((r) => r.minutes)), `v${def.version}`).toBe(t.totalMinutes);
      expect(t.roles.every((r) => r.minutes >= 1)).toBe(true);
    }
  });

  it("the current version's sentence quotes the same figures as the survey description and the role list", () => {
    const def = loadDefinitions().current();
    const w = welcomeFor({ code: "000", name: "Test" }, def);
    const t = timeBreakdown(w);
    expect(t.coreMinutes).toBe(w.estimate.coreMinutes);
    expect(String(def.survey.description)).toContain(`about ${t.colleagueMinutes} minutes more`);
    expect(timeSentence(w)).toBe(
      `It takes about ${t.totalMinutes} minutes in all: about ${t.coreMinutes} minutes for the data or performance lead, ` +
        `and about ${t.colleagueMinutes} minutes for the sections colleagues are best placed to answer.`,
    );
  });

  it("apportions whole minutes that add up exactly, at least one each", () => {
    expect(apportion([6.5, 5, 3.33, 2, 5.33, 7.33, 10.33], 40)).toEqual([7, 5, 3, 2, 5, 7, 11]);
    expect(sum(apportion([1, 1, 1], 10))).toBe(10);
    expect(apportion([100, 0.1], 5)).toEqual([4, 1]);
    expect(apportion([], 5)).toEqual([]);
  });
});

describe("the header's progress line", () => {
  it("says what is left, and nothing about minutes once every section is complete", () => {
    expect(progressText({ complete: 3, total: 22, gapCount: 40, minutesLeft: 55 })).toBe("3 of 22 sections complete · about 55 minutes left");
    expect(progressText({ complete: 22, total: 22, gapCount: 0, minutesLeft: 10 })).toBe("22 of 22 sections complete · Ready to check and submit");
  });

  it("counts no time left once every section is complete, though optional questions are empty", () => {
    const m = new Model(JSON.parse(readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8")));
    // one answer on each page, every required one given: the rest (optional) stays empty
    m.data = { lead_name: "Ann", confidence: 3, sign_off: "yes" };
    const seconds = Object.fromEntries(m.visiblePages.map((p) => [p.name, 600]));
    const p = progressOf(m, seconds);
    expect(p.complete).toBe(p.total);
    expect(p.minutesLeft).toBe(0);
    expect(progressText(p)).toBe(`${p.total} of ${p.total} sections complete · Ready to check and submit`);
  });
});

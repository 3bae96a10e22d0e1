import { describe, expect, it } from "vitest";
import { loadWelcome, parseWelcome } from "../../../server/domain/definitions/welcome.ts";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { welcomeFor } from "../../../server/services/respondent-welcome-service.ts";

describe("the respondent's first screen", () => {
  const welcome = loadWelcome("la-data-audit")!;

  it("the survey's welcome.json has every part the first screen shows", () => {
    expect(welcome.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(welcome.contact.email).toContain("@");
    expect(welcome.use.join(" ")).toMatch(/feedback report/);
    expect(welcome.privacy.notice.length).toBeGreaterThan(0);
    // colleagues are sent the invitation e-mail: an address copied from the address bar has no link in it
    expect(welcome.whoShouldAnswer).toMatch(/forward them your invitation e-mail/);
    expect(welcome.whoShouldAnswer).not.toMatch(/same link/);
  });

  it("refuses a welcome.json with a wrong field, naming it", () => {
    expect(() => parseWelcome({ ...welcome, deadline: "end of January" })).toThrow(/"deadline"/);
    expect(() => parseWelcome({ ...welcome, contact: { name: "Team", email: "nobody" } })).toThrow(/"contact.email"/);
    expect(() => parseWelcome({ ...welcome, purpose: [] })).toThrow(/"purpose"/);
  });

  it("the sections' seconds add up to the estimate the survey description quotes", () => {
    const def = loadDefinitions().current();
    const w = welcomeFor({ code: "000", name: "Test" }, def);
    const seconds = w.sections.reduce((n, s) => n + s.seconds, 0);
    expect(Math.ceil(seconds / 60 / w.estimate.roundToMinutes) * w.estimate.roundToMinutes).toBe(w.estimate.totalMinutes);
    expect(String(def.survey.description)).toContain(`about ${w.estimate.coreMinutes} minutes`);
    expect(w.sections.map((s) => s.name)).toEqual((def.survey.pages as { name: string }[]).map((p) => p.name));
    expect(w.sections.every((s) => s.role !== null)).toBe(true);
  });

  it("a version known only from its stored snapshot still gets one estimate, from its questions", () => {
    const survey = { title: "Small", pages: [{ name: "a", elements: [{ type: "text", name: "q" }, { type: "html", name: "h" }] }, { name: "b", elements: [{ type: "matrixdropdown", name: "m", rows: ["r1", "r2"], columns: [{ name: "c1" }, { name: "c2" }] }] }] };
    const w = welcomeFor({ code: "000", name: "Test" }, { surveyId: "no-such-survey", survey });
    expect(w.sections.map((s) => s.seconds)).toEqual([25, 40]);
    expect(w.estimate.totalMinutes).toBe(5);
    expect(w.contact).toBeNull();
  });
});

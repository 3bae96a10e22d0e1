import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";
import { CAPABILITY_BAND_LABELS, capabilityBandLabel, withoutFinalStop } from "../../../server/domain/scoring/wording.ts";

const v4 = loadDefinitions().get("la-data-audit", 4);
const questions = questionIndex(v4);
const score = (data: Record<string, unknown>) =>
  scoreResponse({ catalogue: v4.catalogue, rules: v4.rules, data, context: { childPopulation: 30_000, questions } });
const allSteps = (r: ReturnType<typeof score>) => r.capability.dimensions.flatMap((d) => d.steps).join("\n");

describe("capability explanations quote the questionnaire, not codes", () => {
  it("names the question and the answer as the respondent read them", () => {
    const r = score({ cap_analyst_fte: "f11_plus", dw_exists: "dedicated", bi_tools: ["r_python", "excel"] });
    const steps = allSteps(r);
    const fte = questions.cap_analyst_fte;
    const fteChoice = fte.choices!.find((c) => c.value === "f11_plus")!.text;
    expect(steps).toContain(`"${fte.title.trim()}": answered "${fteChoice.trim()}"`);
    const dw = questions.dw_exists;
    expect(steps).toContain(`"${dw.title.trim()}": answered "${dw.choices!.find((c) => c.value === "dedicated")!.text.trim()}" = 100 points`);
    for (const code of ["cap_analyst_fte", "f11_plus", "dw_exists", "dedicated", "r_python", "bi_tools"]) expect(steps).not.toMatch(new RegExp(`\\b${code}\\b`));
  });

  it("never ends a step with a doubled stop or a stop inside the closing bracket", () => {
    const r = score({});
    const texts = [...allSteps(r).split("\n"), ...r.indicators.flatMap((i) => [...i.steps, i.summary]), ...r.items.flatMap((i) => i.steps)];
    for (const t of texts) {
      expect(t).not.toMatch(/\.\)\./);
      expect(t).not.toMatch(/\.\.$/);
    }
    expect(withoutFinalStop("Cannot be counted. ")).toBe("Cannot be counted");
  });
});

describe("one vocabulary for bands and levels", () => {
  it("capability band names clash with neither the five level names nor the indicator bands", () => {
    const levelNames = v4.rules.capability.levels.map((l) => l.name.toLowerCase());
    const indicatorBands = v4.rules.bands.map((b) => b.label.toLowerCase());
    for (const [id, label] of Object.entries(CAPABILITY_BAND_LABELS)) {
      if (id === "unknown") continue;
      for (const word of label.toLowerCase().split(/[\s-]+/)) {
        expect(levelNames).not.toContain(word);
        for (const b of indicatorBands) expect(b.split(" ")).not.toContain(word);
      }
    }
    expect(capabilityBandLabel("developing")).toBe("Lower-middle capability");
    expect(capabilityBandLabel("unknown")).toBe("Not enough information");
  });

  it("an LA without a band says why in the profile summary, and never 'band: unknown'", () => {
    const r = score({ cap_analyst_fte: "f11_plus" });
    expect(r.capability.summary.band).toBe("unknown");
    expect(r.capability.summary.text).toMatch(/^Not enough information for a capability band: 1 of \d+ dimensions could be assessed/);
    expect(r.capability.summary.text).not.toMatch(/unknown/);
  });
});

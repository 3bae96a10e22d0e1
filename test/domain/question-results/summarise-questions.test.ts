/** Question results on the real questionnaire: matrices become one part per row (or row and column), numbers summarised, viewers' copy withheld. */
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { summariseQuestion, withholdSmallQuestionGroups, type Respondent } from "../../../server/domain/question-results/summarise-questions.ts";

const index = questionIndex(loadDefinitions().current());
const la = (i: number, data: Record<string, unknown>, region = "London", hidden: string[] = []): Respondent => ({
  laCode: String(200 + i),
  laName: `LA ${i}`,
  region,
  laType: "London borough",
  data,
  notAsked: (p) => hidden.includes(p.question),
});

describe("summariseQuestion", () => {
  it("makes a plain matrix one part per row, with the Don't know column apart", () => {
    const q = index.flows_partners;
    const rs = [0, 1, 2, 3, 4].map((i) => la(i, { flows_partners: { police: i < 3 ? "monthly" : "dont_know" } }));
    const r = summariseQuestion(q, rs);
    expect(r.parts.map((p) => p.label)).toEqual(q.rows!.map((row) => row.text));
    const police = r.parts[0];
    expect(police.options.map((o) => o.label)).toEqual(["Monthly or more often", "Quarterly or yearly", "Not sent"]);
    expect(police.overall).toMatchObject({ base: 3, dontKnow: 2, counts: [3, 0, 0], percents: [100, 0, 0] });
    expect(r.parts[1].overall).toMatchObject({ base: 0, notAnswered: 5, percents: [null, null, null] });
  });

  it("makes a matrix of dropdowns one part per row and column, labelled in words", () => {
    const q = index.items_safe;
    const row = q.rows![0];
    const r = summariseQuestion(q, [la(0, { items_safe: { [row.value as string]: { recorded: "structured" } } })]);
    expect(r.parts).toHaveLength(q.rows!.length * q.columns!.length);
    expect(r.parts[0].label).toBe(`${row.text}: Where is it recorded?`);
    expect(r.parts[0].overall.counts[0]).toBe(1);
    expect(r.parts[0].overall.small).toBe(true);
  });

  it("summarises numbers over the LAs that gave one, and counts Not asked apart", () => {
    const rs = [la(0, { cap_analyst_vacancies: 0 }), la(1, { cap_analyst_vacancies: 2 }), la(2, { cap_analyst_vacancies: 7 }), la(3, {}), la(4, {}, "London", ["cap_analyst_vacancies"])];
    const t = summariseQuestion(index.cap_analyst_vacancies, rs).parts[0].overall;
    expect(t).toMatchObject({ base: 3, notAnswered: 1, notAsked: 1, numbers: { median: 2, mean: 3, min: 0, max: 7 } });
  });

  it("gives viewers no free text, no single LA's smallest or largest number, and no small group", () => {
    const rs = [0, 1, 2, 3, 4].map((i) => la(i, { cap_analyst_vacancies: i, support_needed: "x" })).concat([la(9, { cap_analyst_vacancies: 1 }, "North East")]);
    const shown = withholdSmallQuestionGroups(summariseQuestion(index.cap_analyst_vacancies, rs));
    expect(shown.parts[0].overall.numbers).toEqual({ median: 1.5, mean: 1.8, min: null, max: null });
    expect(shown.parts[0].byRegion.map((g) => g.group)).toEqual(["London"]);
    expect(shown.parts[0].withheldRegions).toEqual(["North East"]);
    expect(withholdSmallQuestionGroups(summariseQuestion(index.support_needed, rs)).freeText).toEqual([]);
    const small = withholdSmallQuestionGroups(summariseQuestion(index.cap_analyst_vacancies, rs.slice(0, 3))).parts[0].overall;
    expect(small).toMatchObject({ small: true, numbers: null, notAnswered: 0 });
  });
});

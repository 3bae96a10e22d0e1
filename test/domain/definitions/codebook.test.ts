import { describe, it, expect } from "vitest";
import { buildCodebook, decodeResponse, encodeResponse, VARIABLE_NAME_PATTERN, withNotAskedFor } from "../../../server/domain/definitions/codebook.ts";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionsNotInVersion, routedOut } from "../../../server/domain/definitions/routing.ts";
import { ASPECT_CHOICES, ITEM_ASPECTS, type Catalogue, type SurveyJson } from "../../../server/domain/definitions/types.ts";

const catalogue: Catalogue = {
  outcomeAreas: [{ id: "safe", name: "Keeping children safe", kind: "outcome" }],
  populations: [{ id: "child_protection", name: "Children on child protection plans" }],
  dataItems: [
    { id: "di_cpp_dates", name: "CP plan dates", description: "Start and end", area: "safe", population: "child_protection", nationalReturn: "CIN" },
  ],
  indicators: [
    {
      id: "ind_repeat_cpp", name: "Repeat plans", outcomeArea: "safe", population: "child_protection", numerator: "n", denominator: "d",
      polarity: "low_is_good", dataItems: [{ id: "di_cpp_dates", required: true }], collectedNationally: true, nationalReturn: ["CIN"], source: "CIN census",
    },
  ],
};

const aspectColumns = ITEM_ASPECTS.map((a) => ({ name: a, title: a, cellType: "dropdown", choices: [...ASPECT_CHOICES[a]] }));

/** one question of every type the codebook handles */
const survey: SurveyJson = {
  pages: [
    {
      name: "p1",
      title: "Page one",
      elements: [
        { type: "html", name: "intro", html: "<p>hi</p>" },
        { type: "text", name: "name", title: "Name" },
        { type: "text", name: "staff", inputType: "number", title: "Staff" },
        { type: "text", name: "since", inputType: "date", title: "Since" },
        { type: "comment", name: "notes", title: "Notes" },
        { type: "radiogroup", name: "cms", title: "CMS", choices: ["liquidlogic", "mosaic", { value: "dont_know", text: "Don't know" }], showOtherItem: true },
        { type: "dropdown", name: "year", title: "Year", choices: [{ value: "2019", text: "2019" }, { value: "2020", text: "2020" }] },
        { type: "checkbox", name: "tools", title: "Tools", choices: [{ value: "power_bi", text: "Power BI" }, { value: "excel", text: "Excel" }], showOtherItem: true, showNoneItem: true },
        { type: "tagbox", name: "tags", title: "Tags", choices: ["a", "b", "c"] },
        { type: "boolean", name: "consent", title: "Consent" },
        { type: "rating", name: "confidence", title: "Confidence", rateMin: 1, rateMax: 5 },
        { type: "expression", name: "score", title: "Score", expression: "{staff} * 2" },
      ],
    },
    {
      name: "p2",
      title: "Page two",
      elements: [
        { type: "panel", name: "panel1", elements: [
          { type: "matrix", name: "linking", title: "Linking", columns: [{ value: "routine", text: "Routinely" }, { value: "not_linked", text: "Not linked" }], rows: [{ value: "health", text: "Health" }, { value: "police", text: "Police" }] },
        ] },
        { type: "matrixdropdown", name: "items_safe", title: "Items", columns: aspectColumns, rows: [{ value: "di_cpp_dates", text: "CP plan dates" }] },
        { type: "matrixdropdown", name: "budget", title: "Budget", columns: [{ name: "amount", cellType: "text" }, { name: "source", cellType: "dropdown", choices: ["core", "grant"] }], rows: ["y2024"] },
      ],
    },
  ],
};

const def = { surveyId: "t", version: 1, hash: "h", survey, catalogue };

describe("ordinal declarations", () => {
  const ordinalSurvey: SurveyJson = {
    pages: [
      {
        name: "p1",
        elements: [
          { type: "radiogroup", name: "skill", ordinal: true, choices: ["basic", "confident", "expert", "dont_know"] },
          { type: "radiogroup", name: "cms", choices: ["liquidlogic", "mosaic"] },
          { type: "matrix", name: "linking", ordinal: true, columns: ["never", "sometimes", "always"], rows: ["health"] },
          { type: "matrixdropdown", name: "budget", columns: [{ name: "trend", ordinal: true, choices: ["down", "same", "up"] }, { name: "source", choices: ["core", "grant"] }], rows: ["y2024"] },
          { type: "matrixdropdown", name: "items_safe", columns: ITEM_ASPECTS.map((a) => ({ name: a, choices: [...ASPECT_CHOICES[a]], ...(a === "recorded" ? { ordinal: false } : {}) })), rows: [{ value: "di_cpp_dates", text: "CP plan dates" }] },
        ],
      },
    ],
  };
  const measures = new Map(buildCodebook({ ...def, survey: ordinalSurvey }).variables.map((v) => [v.name, v.measure]));

  it("declares ordinal only where the definition says the scale is ordered", () => {
    expect(measures.get("skill")).toBe("ordinal");
    expect(measures.get("cms")).toBe("nominal");
    expect(measures.get("linking_health")).toBe("ordinal");
    expect(measures.get("budget_y2024_trend")).toBe("ordinal");
    expect(measures.get("budget_y2024_source")).toBe("nominal");
  });

  it("treats the generated data-item aspects as ordered unless a definition says otherwise", () => {
    expect(measures.get("di_cpp_dates_ext")).toBe("ordinal");
    expect(measures.get("di_cpp_dates_his")).toBe("ordinal");
    expect(measures.get("di_cpp_dates_rec")).toBe("nominal");
  });
});

describe("buildCodebook", () => {
  const cb = buildCodebook(def);
  const byName = new Map(cb.variables.map((v) => [v.name, v]));

  it("gives one variable per value, choice flag, other text, matrix row and matrix cell", () => {
    expect(cb.variables.map((v) => v.name)).toEqual([
      "name", "staff", "since", "notes", "cms", "cms_other_txt", "year",
      "tools_power_bi", "tools_excel", "tools_none", "tools_other", "tools_other_txt",
      "tags_a", "tags_b", "tags_c", "consent", "confidence", "score",
      "linking_health", "linking_police",
      "di_cpp_dates_rec", "di_cpp_dates_ext", "di_cpp_dates_cmp", "di_cpp_dates_his",
      "budget_y2024_amount", "budget_y2024_source",
    ]);
  });

  it("records measures, sections, paths and value codes", () => {
    expect(byName.get("staff")).toMatchObject({ measure: "scale", section: "Page one", values: [] });
    expect(byName.get("since")?.measure).toBe("date");
    expect(byName.get("cms")?.values).toEqual([
      { code: 1, value: "liquidlogic", label: "liquidlogic" },
      { code: 2, value: "mosaic", label: "mosaic" },
      { code: 99, value: "dont_know", label: "Don't know" },
      { code: 97, value: "other", label: "Other (describe)" },
    ]);
    expect(byName.get("consent")?.values.map((v) => [v.code, v.value])).toEqual([[1, true], [0, false]]);
    expect(byName.get("tools_none")).toMatchObject({ path: { kind: "choice_flag", question: "tools", choice: "none" }, values: [{ code: 0 }, { code: 1 }] });
    expect(byName.get("linking_police")).toMatchObject({ section: "Page two", path: { kind: "matrix_row", question: "linking", row: "police" }, label: "Linking: Police" });
    const rec = byName.get("di_cpp_dates_rec")!;
    expect(rec).toMatchObject({ measure: "ordinal", dataItemId: "di_cpp_dates", indicatorIds: ["ind_repeat_cpp"], path: { kind: "matrix_cell", question: "items_safe", row: "di_cpp_dates", column: "recorded" } });
    expect(rec.values.map((v) => v.value)).toEqual([...ASPECT_CHOICES.recorded]);
    expect(rec.values.at(-1)?.code).toBe(99);
    expect(byName.get("budget_y2024_amount")).toMatchObject({ measure: "string", values: [], indicatorIds: [] });
  });

  it("keeps names stable when questions are added and shortens long names deterministically", () => {
    const longName = "a_question_with_a_really_long_name_indeed";
    const bigger: SurveyJson = structuredClone(survey);
    (bigger.pages![0] as any).elements.unshift(
      { type: "checkbox", name: longName, choices: ["first_choice_value", "second_choice_value"] },
      { type: "text", name: "tools_excel", title: "clashes with a checkbox flag name" },
    );
    const cb2 = buildCodebook({ ...def, survey: bigger });
    const names2 = cb2.variables.map((v) => v.name);
    for (const v of cb.variables) if (v.name !== "tools_excel") expect(names2).toContain(v.name);
    for (const n of names2) expect(n).toMatch(VARIABLE_NAME_PATTERN);
    expect(new Set(names2.map((n) => n.toLowerCase())).size).toBe(names2.length);
    const long = cb2.variables.filter((v) => v.questionName === longName).map((v) => v.name);
    expect(long).toHaveLength(2);
    expect(long[0]).toMatch(/^a_question_with_a_really_l_[0-9a-z]{5}$/);
    expect(buildCodebook({ ...def, survey: structuredClone(bigger) }).variables.map((v) => v.name)).toEqual(names2);
    // the clash is resolved by hashing both names, whatever the order
    expect(names2).not.toContain("tools_excel");
    expect(names2.filter((n) => /^tools_excel_[0-9a-z]{5}$/.test(n))).toHaveLength(2);
  });
});

describe("encodeResponse", () => {
  const cb = buildCodebook(def);
  const data = {
    name: "Sam",
    staff: 12,
    since: "2019-04-01",
    notes: "Line one\nline two",
    cms: "other",
    "cms-Comment": "Paris",
    year: "2020",
    tools: ["power_bi", "other"],
    "tools-Comment": "Looker",
    tags: ["a", "c"],
    consent: false,
    confidence: 4,
    score: 24,
    linking: { health: "routine", police: "not_linked" },
    items_safe: { di_cpp_dates: { recorded: "structured", extractable: "partly", completeness: "c75_89", history: "dont_know" } },
    budget: { y2024: { amount: "1200", source: "grant" } },
  };

  it("codes every question type and round-trips back to the same data", () => {
    const row = encodeResponse(cb, data, "codes");
    expect(row).toMatchObject({
      name: "Sam", staff: 12, since: "2019-04-01", cms: 97, cms_other_txt: "Paris", year: 2020, // a year is coded as the year
      tools_power_bi: 1, tools_excel: 0, tools_none: 0, tools_other: 1, tools_other_txt: "Looker",
      tags_a: 1, tags_b: 0, tags_c: 1, consent: 0, confidence: 4, score: 24,
      linking_health: 1, linking_police: 2,
      di_cpp_dates_rec: 1, di_cpp_dates_ext: 2, di_cpp_dates_cmp: 2, di_cpp_dates_his: 99,
      budget_y2024_amount: "1200", budget_y2024_source: 2,
    });
    expect(Object.keys(row)).toEqual(cb.variables.map((v) => v.name));
    expect(decodeResponse(cb, row)).toEqual(data);
  });

  it("gives labels in labels mode", () => {
    const row = encodeResponse(cb, data, "labels");
    expect(row).toMatchObject({ cms: "Other (describe)", tools_power_bi: "Selected", tools_excel: "Not selected", consent: "No", linking_police: "Not linked", di_cpp_dates_ext: "partly", confidence: "4" });
  });

  it("leaves unanswered variables null, including checkbox flags, and passes unknown values through", () => {
    const row = encodeResponse(cb, { cms: "carefirst", items_safe: { di_cpp_dates: { recorded: "not_recorded" } }, tools: [] }, "codes");
    expect(row.cms).toBe("carefirst");
    expect(row.di_cpp_dates_rec).toBe(4);
    expect(row.di_cpp_dates_ext).toBeNull();
    expect(row.tools_excel).toBeNull();
    expect(row.name).toBeNull();
    expect(Object.values(encodeResponse(cb, null)).every((v) => v === null)).toBe(true);
    // a checkbox with "none" round-trips
    expect(decodeResponse(cb, encodeResponse(cb, { tools: ["none"] }))).toEqual({ tools: ["none"] });
  });
});

describe("missing values and routing", () => {
  const routed: SurveyJson = {
    pages: [
      {
        name: "p1",
        elements: [
          { type: "radiogroup", name: "has_dw", choices: ["yes", "no", { value: "dont_know", text: "Don't know" }] },
          { type: "radiogroup", name: "dw_refresh", ordinal: true, visibleIf: "{has_dw} = 'yes'", choices: ["daily", "weekly", { value: "dont_know", text: "Don't know" }], showNoneItem: true, showOtherItem: true },
          { type: "radiogroup", name: "cms", choices: ["liquidlogic", "mosaic"], showOtherItem: true, showNoneItem: true },
          { type: "checkbox", name: "dw_tools", visibleIf: "{has_dw} = 'yes'", choices: ["sql", "python"] },
          { type: "checkbox", name: "bi_tools", choices: ["power_bi", "excel", { value: "dont_know", text: "Don't know" }] },
          { type: "text", name: "dw_staff", inputType: "number", min: 0, visibleIf: "{has_dw} = 'yes'" },
          { type: "text", name: "dw_budget", inputType: "number", visibleIf: "{has_dw} = 'yes'" },
          { type: "comment", name: "dw_notes", visibleIf: "{has_dw} = 'yes'" },
          { type: "dropdown", name: "year", choices: [{ value: "before_2005", text: "Before 2005" }, "2005", "2006", { value: "dont_know", text: "Don't know" }] },
          { type: "matrixdropdown", name: "items_safe", columns: ITEM_ASPECTS.map((a) => ({ name: a, choices: [...ASPECT_CHOICES[a]], ...(a === "recorded" ? {} : { visibleIf: "{row.recorded} anyof ['structured']" }) })), rows: [{ value: "di_cpp_dates", text: "CP plan dates" }] },
        ],
      },
    ],
  };
  const cb = buildCodebook({ ...def, survey: routed });
  const byName = new Map(cb.variables.map((v) => [v.name, v]));
  const missing = (name: string) => byName.get(name)!.missing.map((m) => `${m.code} ${m.reason}`);

  it("declares Don't know always, None and Other only off an ordered scale, and Not asked where routing can hide the question", () => {
    expect(missing("has_dw")).toEqual(["99 dont_know"]);
    expect(missing("dw_refresh")).toEqual(["99 dont_know", "98 none", "97 other", "-1 not_asked"]);
    expect(missing("cms")).toEqual([]); // "None" and "Other" are real answers to a nominal question
    expect(missing("dw_tools_sql")).toEqual(["-1 not_asked"]);
    expect(missing("dw_staff")).toEqual(["-1 not_asked"]);
    expect(missing("dw_budget")).toEqual([]); // -1 could be a real answer
    expect(missing("dw_notes")).toEqual([]); // text has no codes
    expect(missing("di_cpp_dates_rec")).toEqual(["99 dont_know"]);
    expect(missing("di_cpp_dates_ext")).toEqual(["99 dont_know", "-1 not_asked"]);
  });

  it("codes the other check-box flags Don't know (declared missing) when the answer is only Don't know", () => {
    expect(missing("bi_tools_excel")).toEqual(["99 dont_know"]);
    expect(missing("bi_tools_dont_know")).toEqual([]);
    const row = encodeResponse(cb, { bi_tools: ["dont_know"] }, "codes");
    expect([row.bi_tools_power_bi, row.bi_tools_excel, row.bi_tools_dont_know]).toEqual([99, 99, 1]);
    expect(decodeResponse(cb, row)).toEqual({ bi_tools: ["dont_know"] });
    const answered = encodeResponse(cb, { bi_tools: ["excel"] }, "codes");
    expect([answered.bi_tools_power_bi, answered.bi_tools_excel, answered.bi_tools_dont_know]).toEqual([0, 1, 0]);
  });

  it("codes whole-number choices (years) as their number", () => {
    expect(byName.get("year")!.values.map((v) => v.code)).toEqual([1, 2005, 2006, 99]);
  });

  it("codes Not asked per response from the routing, and leaves asked-but-unanswered empty", () => {
    const noDw = { has_dw: "no", items_safe: { di_cpp_dates: { recorded: "not_recorded" } } };
    const row = encodeResponse(cb, noDw, "codes", { notAsked: routedOut(routed, noDw) });
    expect(row).toMatchObject({ dw_refresh: -1, dw_tools_sql: -1, dw_staff: -1, dw_budget: null, dw_notes: null, cms: null, di_cpp_dates_ext: -1, di_cpp_dates_rec: 4 });
    expect(encodeResponse(cb, noDw, "labels", { notAsked: routedOut(routed, noDw) })).toMatchObject({ dw_refresh: "Not asked", dw_tools_sql: "Not asked" });
    expect(decodeResponse(cb, row)).toEqual(noDw);
    const withDw = { has_dw: "yes", items_safe: { di_cpp_dates: { recorded: "structured" } } };
    expect(encodeResponse(cb, withDw, "codes", { notAsked: routedOut(routed, withDw) })).toMatchObject({ dw_refresh: null, dw_tools_sql: null, dw_staff: null, di_cpp_dates_ext: null });
  });
});

describe("questions added after the version a response answered", () => {
  const registry = loadDefinitions();
  const [v1, v2, v3] = [1, 2, 3].map((v) => registry.get("la-data-audit", v));

  it("are the current version's questions that no mapping carries from the version answered", () => {
    const added = questionsNotInVersion([v1, v2, v3]);
    expect([...added]).toEqual(["use_ai_tools"]);
    expect(questionsNotInVersion([v2, v3]).size).toBe(0);
    expect(questionsNotInVersion([v3]).size).toBe(0);
  });

  it("get a Not asked code in the export codebook", () => {
    const cb = withNotAskedFor(v3.codebook, new Set(["use_ai_tools"]));
    expect(cb.variables.find((v) => v.name === "use_ai_tools")!.missing.map((m) => m.code)).toContain(-1);
    expect(withNotAskedFor(v3.codebook, new Set())).toBe(v3.codebook);
  });
});

describe("codebook of the real definitions", () => {
  const registry = loadDefinitions();
  const v1 = registry.get("la-data-audit", 1);
  const v2 = registry.get("la-data-audit", 2);

  it("has valid, unique names of at most 32 characters", () => {
    for (const def of [v1, v2]) {
      const names = def.codebook.variables.map((v) => v.name);
      for (const n of names) expect(n).toMatch(VARIABLE_NAME_PATTERN);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      expect(def.codebook).toMatchObject({ surveyId: "la-data-audit", version: def.version, hash: def.hash });
    }
  });

  it("has a variable for every data item and aspect, linked to its indicators", () => {
    for (const item of v2.catalogue.dataItems) {
      const vars = v2.codebook.variables.filter((v) => v.dataItemId === item.id);
      expect(vars.map((v) => v.path.kind === "matrix_cell" && v.path.column)).toEqual([...ITEM_ASPECTS]);
      const linked = v2.catalogue.indicators.filter((i) => i.dataItems.some((r) => r.id === item.id)).map((i) => i.id);
      for (const v of vars) expect(v.indicatorIds).toEqual(linked);
    }
  });

  it("keeps the names of unchanged questions identical across versions", () => {
    const n1 = new Set(v1.codebook.variables.map((v) => v.name));
    const n2 = new Set(v2.codebook.variables.map((v) => v.name));
    for (const name of ["resp_role", "resp_role_other_txt", "cms_product", "bi_tools_power_bi", "link_partners_health", "di_referral_date_rec", "di_cl_activity_his"]) {
      expect(n1.has(name), name).toBe(true);
      expect(n2.has(name), name).toBe(true);
    }
    expect(n1.has("cms_procured_year") && n2.has("cms_procurement_year")).toBe(true);
    expect(n1.has("di_wellbeing_measure_rec") && n2.has("di_child_wellbeing_rec")).toBe(true);
    expect(n2.has("use_ai_tools") && !n1.has("use_ai_tools")).toBe(true);
    const unchanged = [...n1].filter((n) => !/cms_procured_year|resp_years_in_role|di_wellbeing_measure/.test(n));
    for (const n of unchanged) expect(n2.has(n), n).toBe(true);
  });
});

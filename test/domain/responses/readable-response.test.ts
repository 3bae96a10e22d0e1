import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { readableResponse } from "../../../server/domain/responses/readable-response.ts";
import { foldChanges, type ChangeInput } from "../../../server/domain/responses/history-words.ts";

const current = loadDefinitions().current();
const index = questionIndex(current);
const items = index.items_safe!;
const row = String(items.rows![0]!.value);
const rowTitle = items.rows![0]!.text;
const col = (name: string) => items.columns!.find((c) => c.name === name)!;
const completeness = col("completeness");
const [c0, c1] = completeness.choices!;
const label = (q: string, v: string) => index[q]!.choices!.find((c) => c.value === v)!.text;

describe("readableResponse", () => {
  const data = {
    cms_product: "mosaic",
    items_safe: { [row]: { recorded: col("recorded").choices![0]!.value, completeness: c1!.value } },
    notes_safe: "Dates are patchy before 2019",
  };
  const pages = readableResponse(current.survey, data, { [`items_safe.${row}`]: { name: "Sam", role: "BI lead", at: "2026-10-01T09:00:00.000Z" } });

  it("lists every page in questionnaire order with its title, and each question in its own words", () => {
    expect(pages.map((p) => p.name)).toEqual([...new Set(Object.values(index).map((q) => q.page))]);
    const cms = pages.flatMap((p) => p.questions).find((q) => q.name === "cms_product")!;
    expect(cms).toMatchObject({ title: index.cms_product!.title, state: "answered", answer: label("cms_product", "mosaic"), matrix: null });
    expect(JSON.stringify(pages)).not.toMatch(/"mosaic"/);
  });

  it("shows a matrix as a table of items by aspects, with labels and who last changed each row", () => {
    const page = pages.find((p) => p.name === items.page)!;
    const q = page.questions.find((x) => x.name === "items_safe")!;
    expect(q.matrix!.columns).toEqual(items.columns!.map((c) => c.title));
    expect(q.matrix!.rows).toEqual([
      {
        title: rowTitle,
        cells: [col("recorded").choices![0]!.text, "(no answer)", c1!.text, "(no answer)"],
        lastEdit: { name: "Sam", role: "BI lead", at: "2026-10-01T09:00:00.000Z" },
      },
    ]);
    expect(q.lastEdit).toMatchObject({ name: "Sam" });
    expect(page.answered).toBe(2); // the matrix and the notes
  });

  it("tells a question the routing hid from an unanswered one", () => {
    const all = pages.flatMap((p) => p.questions);
    expect(all.find((q) => q.name === "cms_new_product")!.state).toBe("not_asked");
    expect(all.find((q) => q.name === "final_comments")!.state).toBe("unanswered");
  });
});

describe("foldChanges", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 9, 1, 9, 0, s)).toISOString();
  const sam = { contributorId: "1", contributorName: "Sam", contributorRole: "BI lead", source: "autosave" };
  const typing: ChangeInput[] = ["D", "Da", "Dat", "Date", "Dates", "Dates patchy"].map((text, i, all) => ({
    ...sam,
    question: "notes_safe",
    oldValue: i === 0 ? null : all[i - 1],
    newValue: text,
    at: at(i * 2),
  }));

  it("folds one person's keystroke saves of one field into one entry in words", () => {
    const entries = foldChanges(index, typing);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ saves: 6, firstAt: at(0), at: at(10), who: "Sam (BI lead)" });
    expect(entries[0]!.text).toBe(`Sam (BI lead) answered ‘${index.notes_safe!.title}’: Dates patchy (6 saves)`);
  });

  it("keeps people, fields and bursts minutes apart separate, newest first", () => {
    const ann = { contributorId: "2", contributorName: "Ann", contributorRole: "Head of service", source: "autosave" };
    const entries = foldChanges(index, [
      ...typing,
      { ...ann, question: "notes_safe", oldValue: "Dates patchy", newValue: "Dates patchy before 2019", at: at(20) },
      { ...sam, question: "cms_product", oldValue: "mosaic", newValue: "eclipse", at: at(22) },
      { ...sam, question: "notes_safe", oldValue: "Dates patchy before 2019", newValue: "Fixed", at: new Date(Date.parse(at(10)) + 6 * 60_000).toISOString() },
    ]);
    expect(entries.map((e) => e.text)).toEqual([
      `Sam (BI lead) changed ‘${index.notes_safe!.title}’ from Dates patchy before 2019 to Fixed`,
      `Sam (BI lead) changed ‘${index.cms_product!.title}’ from ${label("cms_product", "mosaic")} to ${label("cms_product", "eclipse")}`,
      `Ann (Head of service) changed ‘${index.notes_safe!.title}’ from Dates patchy to Dates patchy before 2019`,
      `Sam (BI lead) answered ‘${index.notes_safe!.title}’: Dates patchy (6 saves)`,
    ]);
  });

  it("describes a matrix row change aspect by aspect, in labels", () => {
    const [entry] = foldChanges(index, [
      { ...sam, question: `items_safe.${row}`, oldValue: { completeness: c0!.value }, newValue: { completeness: c1!.value }, at: at(0) },
    ]);
    expect(entry!.text).toBe(`Sam (BI lead) changed ‘${rowTitle}: ${completeness.title}’ from ${c0!.text} to ${c1!.text}`);
  });

  it("leaves submit rows to the submit event", () => {
    expect(foldChanges(index, [{ ...sam, question: "cms_product", oldValue: null, newValue: "mosaic", source: "submit", at: at(0) }])).toEqual([]);
  });
});

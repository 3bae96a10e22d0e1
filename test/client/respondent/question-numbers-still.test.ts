/**
 * survey-core forgot every question's number text whenever it renumbered the survey (a question
 * added, a page shown or hidden), and survey-react-ui re-drew each question for it.
 * keepQuestionNumbersStill (survey-speed.ts) forgets it only when the question's place changed:
 * numbers still follow questions shown and hidden.
 */
import { describe, expect, it } from "vitest";
import { Model } from "survey-core";
import { keepQuestionNumbersStill } from "../../../client/src/respondent/survey-speed.ts";

function watched(showQuestionNumbers: string) {
  const m = new Model({ showQuestionNumbers, elements: [{ type: "text", name: "a" }, { type: "comment", name: "b" }, { type: "text", name: "c" }] });
  const writes: string[] = [];
  for (const q of m.getAllQuestions() as any[]) {
    void q.no; // drawn: the number text has been worked out
    // what survey-react-ui installs on a drawn question: every write reaches React
    q.setPropertyValueCoreHandler = (hash: Record<string, unknown>, name: string, value: unknown) => {
      writes.push(`${q.name}.${name}`);
      hash[name] = value;
    };
  }
  return { m, writes };
}

describe("question numbers", () => {
  it("without the fix, renumbering an unchanged survey writes every question's number again", () => {
    const { m, writes } = watched("off");
    (m as any).updateVisibleIndexes();
    expect(writes).toEqual(expect.arrayContaining(["a.no", "b.no", "c.no"]));
  });

  it("with it, renumbering an unchanged survey writes nothing; numbers still follow questions hidden and shown", () => {
    keepQuestionNumbersStill();
    const off = watched("off");
    (off.m as any).updateVisibleIndexes();
    expect(off.writes).toEqual([]);
    const on = watched("on");
    const c = on.m.getQuestionByName("c");
    expect(c.no).toBe("3.");
    on.m.getQuestionByName("b").visible = false;
    expect(c.no).toBe("2.");
    on.m.getQuestionByName("b").visible = true;
    expect(c.no).toBe("3.");
  });
});

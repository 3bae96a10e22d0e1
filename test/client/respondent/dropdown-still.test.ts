/**
 * survey-core clears a dropdown's typed text and hint after drawing it; survey-react-ui re-draws on
 * every write to the model, so clearing what is already empty drew each dropdown twice.
 * keepDropdownsStillAfterDrawing (survey-speed.ts) leaves an empty one alone and still clears text
 * that was typed.
 */
import { describe, expect, it } from "vitest";
import { Model } from "survey-core";
import { keepDropdownsStillAfterDrawing } from "../../../client/src/respondent/survey-speed.ts";

function dropdown(): { list: any; writes: string[] } {
  const m = new Model({ elements: [{ type: "dropdown", name: "d", choices: ["Yes", "No"] }] });
  const list: any = (m.getQuestionByName("d") as any).dropdownListModel;
  const writes: string[] = [];
  // what survey-react-ui installs on a drawn model: every write reaches React
  list.setPropertyValueCoreHandler = (hash: Record<string, unknown>, name: string, value: unknown) => {
    writes.push(name);
    hash[name] = value;
  };
  return { list, writes };
}

describe("a dropdown cleared after drawing", () => {
  it("writes to survey-core's model (so React re-draws) without the fix, even when already empty", () => {
    const { list, writes } = dropdown();
    list.resetFilterString.call(list); // before the fix is installed on the prototype
    expect(writes.length).toBeGreaterThan(0);
  });

  it("is left alone when empty, and still cleared when text was typed", () => {
    keepDropdownsStillAfterDrawing();
    const { list, writes } = dropdown();
    list.clear();
    expect(writes).toEqual([]);
    list.inputString = "Ye";
    list.hintString = "Yes";
    writes.length = 0;
    list.clear();
    expect(writes).toEqual(expect.arrayContaining(["inputString", "hintString"]));
    expect(list.inputString || "").toBe("");
    expect(list.hintString).toBe("");
  });
});

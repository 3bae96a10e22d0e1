/**
 * Building a matrix's cell questions without re-serialising the column for every cell.
 *
 * survey-core makes each cell's question from its column's template question: for every cell it
 * writes the template out as JSON with every property's default value included, then reads that
 * JSON into the new question, default by default. The 31-row item matrices have 62–124 cells each
 * and this was most of the time to draw one (and most of the later walk over every section).
 *
 * Here the template's JSON is written once per column, without defaults, and read into each cell.
 * A fresh question of the same type already has every default, so the cell comes out the same:
 * test/client/respondent/matrix-cell-speed.test.ts compares every cell of every matrix of every
 * published definition, property by property, with survey-core's own path. The JSON is written
 * again whenever survey-core itself would (it drops its cached copy on any change to the template).
 * Cells of another type than the template, and survey-core's own cached or edited updates, keep
 * survey-core's path.
 */
import { JsonObject, MatrixDropdownColumn } from "survey-core";

const PATCHED = Symbol.for("lada.quickMatrixCells");
const lean = new WeakMap<object, string>(); // column -> its template question as JSON, defaults left out

export function buildMatrixCellsQuickly(): void {
  const proto = MatrixDropdownColumn.prototype as any;
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;

  // survey-core clears `templateQuestionJsonValue` whenever the template changes: clear ours with it
  Object.defineProperty(proto, "templateQuestionJsonValue", {
    configurable: true,
    get(this: any) {
      return this.__templateJson;
    },
    set(this: any, v: string | undefined) {
      if (v === undefined) lean.delete(this);
      this.__templateJson = v;
    },
  });

  const setQuestionProperties = proto.setQuestionProperties;
  proto.setQuestionProperties = function (this: any, question: any, onUpdateJson: unknown = null, useCache = false) {
    const template = this.templateQuestion;
    if (onUpdateJson || useCache || !template || this.isLoadingFromJson || template.getType() !== question.getType()) {
      return setQuestionProperties.call(this, question, onUpdateJson, useCache);
    }
    let text = lean.get(this);
    if (text === undefined) {
      const json = new JsonObject().toJsonObject(template, false);
      json.type = question.getType();
      if (this.cellType === "default" && this.colOwner?.hasChoices()) delete json.choices;
      delete json.itemComponent;
      text = JSON.stringify(json);
      lean.set(this, text);
    }
    new JsonObject().toObject(JSON.parse(text), question);
    question.isContentElement = template.isContentElement;
    // what survey-core's own path sets after reading the JSON (choices loaded from a web service)
    this.previousChoicesId = undefined;
    question.loadedChoicesFromServerCallback = () => {
      if (!this.isShowInMultipleColumns) return;
      if (this.previousChoicesId && this.previousChoicesId !== question.id) return;
      this.previousChoicesId = question.id;
      const choices = question.visibleChoices;
      template.choices = choices;
      this.propertyValueChanged("choices", choices, choices);
    };
  };
}

/**
 * exceljs 4.4.0 (the last release) cannot write the OOXML cell-format attribute `quotePrefix`
 * (ECMA-376 Part 1, 18.8.45 xf: "a boolean value indicating whether the text string in a cell
 * should be prefixed by a single quote mark (e.g., 'text). In these cases, the quote is not
 * stored in the Shared Strings Part"). It is what Excel and LibreOffice Calc write when a user types
 * '=1+1: the cell shows =1+1 as text, and stays text when the user edits it later.
 *
 * Our text cells are already written as strings (never as formulas), so spreadsheets do not
 * evaluate them on opening; quotePrefix additionally keeps them text after an edit. This module adds
 * the attribute to exceljs's style writer: a cell style object with `quotePrefix: true` gets an
 * <xf ... quotePrefix="1"> entry. Patched once, idempotently; exceljs is pinned and unmaintained.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface XmlStream {
  openNode(name: string, attrs?: Record<string, unknown>): void;
  addAttribute(name: string, value: unknown): void;
  closeNode(): void;
}
interface StyleModel {
  numFmtId?: number;
  fontId?: number;
  fillId?: number;
  borderId?: number;
  xfId?: number;
  alignment?: unknown;
  protection?: unknown;
  quotePrefix?: boolean;
}

let patched = false;

export function enableQuotePrefixStyles(): void {
  if (patched) return;
  const StyleXform = require("exceljs/lib/xlsx/xform/style/style-xform.js");
  const StylesXform = require("exceljs/lib/xlsx/xform/style/styles-xform.js");

  // Same as exceljs's StyleXform.render plus the quotePrefix attribute (attributes must precede child nodes).
  StyleXform.prototype.render = function render(
    this: { xfId: boolean; map: Record<string, { render(x: XmlStream, m: unknown): void }> },
    xmlStream: XmlStream,
    model: StyleModel,
  ) {
    xmlStream.openNode("xf", {
      numFmtId: model.numFmtId || 0,
      fontId: model.fontId || 0,
      fillId: model.fillId || 0,
      borderId: model.borderId || 0,
    });
    if (this.xfId) xmlStream.addAttribute("xfId", model.xfId || 0);
    if (model.numFmtId) xmlStream.addAttribute("applyNumberFormat", "1");
    if (model.fontId) xmlStream.addAttribute("applyFont", "1");
    if (model.fillId) xmlStream.addAttribute("applyFill", "1");
    if (model.borderId) xmlStream.addAttribute("applyBorder", "1");
    if (model.alignment) xmlStream.addAttribute("applyAlignment", "1");
    if (model.protection) xmlStream.addAttribute("applyProtection", "1");
    if (model.quotePrefix) xmlStream.addAttribute("quotePrefix", "1");
    if (model.alignment) this.map.alignment.render(xmlStream, model.alignment);
    if (model.protection) this.map.protection.render(xmlStream, model.protection);
    xmlStream.closeNode();
  };

  // addStyleModel builds the xf model from the cell style; carry quotePrefix through to _addStyle.
  const originalAddStyleModel = StylesXform.prototype.addStyleModel;
  StylesXform.prototype.addStyleModel = function addStyleModel(
    this: { weakMap?: WeakMap<object, number>; _addStyle(style: StyleModel): number },
    model: { quotePrefix?: boolean } | undefined,
    cellType: unknown,
  ): number {
    if (!model || !model.quotePrefix) return originalAddStyleModel.call(this, model, cellType);
    if (this.weakMap && this.weakMap.has(model)) return this.weakMap.get(model)!;
    const ownAddStyle = Object.prototype.hasOwnProperty.call(this, "_addStyle");
    const addStyle = this._addStyle;
    this._addStyle = (style: StyleModel) => addStyle.call(this, { ...style, quotePrefix: true });
    try {
      return originalAddStyleModel.call(this, model, cellType);
    } finally {
      if (ownAddStyle) this._addStyle = addStyle;
      else delete (this as { _addStyle?: unknown })._addStyle;
    }
  };
  patched = true;
}

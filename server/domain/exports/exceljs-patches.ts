/**
 * Two patches to exceljs 4.4.0 (the last release; pinned and unmaintained), applied once by
 * writeWorkbook:
 *
 * 1. quotePrefix. exceljs cannot write the OOXML cell-format attribute `quotePrefix`
 * (ECMA-376 Part 1, 18.8.45 xf: "a boolean value indicating whether the text string in a cell
 * should be prefixed by a single quote mark (e.g., 'text). In these cases, the quote is not
 * stored in the Shared Strings Part"). It is what Excel and LibreOffice Calc write when a user types
 * '=1+1: the cell shows =1+1 as text, and stays text when the user edits it later.
 *
 * Our text cells are already written as strings (never as formulas), so spreadsheets do not
 * evaluate them on opening; quotePrefix additionally keeps them text after an edit. This module adds
 * the attribute to exceljs's style writer: a cell style object with `quotePrefix: true` gets an
 * <xf ... quotePrefix="1"> entry.
 *
 * 2. Style look-up speed. exceljs gives every cell a fresh style object and, with useStyles, turns
 * it into <xf> XML to find its style id: for plain cells that is most of the per-cell cost. Styles
 * that hold nothing but a number format and/or quotePrefix (all our data cells) are looked up by a
 * short key instead; the id is the one exceljs itself would compute (its own dedup by XML).
 * Any other style (fonts, fills, ...) takes exceljs's own path.
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

/** Key of a style that holds only numFmt / quotePrefix, else undefined. */
function simpleStyleKey(model: Record<string, unknown>, cellType: unknown): string | undefined {
  let key = String(cellType ?? "");
  for (const k in model) {
    const v = model[k];
    if (v === undefined) continue;
    if (k === "numFmt" && typeof v === "string") key += `|n:${v}`;
    else if (k === "quotePrefix") key += v ? "|q" : "";
    else return undefined;
  }
  return key;
}

export function patchExcelJs(): void {
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
  type Self = { weakMap?: WeakMap<object, number>; _addStyle(style: StyleModel): number; _simpleStyleIds?: Map<string, number> };
  function addStyleModelWithQuotePrefix(this: Self, model: { quotePrefix?: boolean } | undefined, cellType: unknown): number {
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
  }
  StylesXform.prototype.addStyleModel = function addStyleModel(this: Self, model: Record<string, unknown> | undefined, cellType: unknown): number {
    if (!model) return 0;
    if (this.weakMap && this.weakMap.has(model)) return this.weakMap.get(model)!;
    const key = simpleStyleKey(model, cellType);
    if (key === undefined) return addStyleModelWithQuotePrefix.call(this, model, cellType);
    const cache = (this._simpleStyleIds ??= new Map());
    let id = cache.get(key);
    if (id === undefined) {
      id = addStyleModelWithQuotePrefix.call(this, model, cellType);
      cache.set(key, id);
    }
    return id;
  };
  patched = true;
}

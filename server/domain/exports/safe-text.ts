/**
 * Formula-injection ("CSV injection") guard shared by the workbook and CSV writers.
 *
 * A text cell whose first character is one of = + - @ TAB CR can be read as a formula by a
 * spreadsheet (OWASP "CSV Injection"). The rule: every such *text* cell is written so
 * that a spreadsheet shows it as text and never evaluates it. Real numbers are numbers, not text,
 * so a negative number stays a number.
 */

const TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** True when a text value would be taken for a formula (or a formula-like number) by a spreadsheet. */
export function isFormulaLike(text: string): boolean {
  return text.length > 0 && TRIGGERS.has(text[0]);
}

/**
 * CSV has no cell types, so the only portable defence is to change the text: prefix a single quote
 * (OWASP's recommendation). Spreadsheets then show e.g. `'=1+1` as text. Only for CSV files meant for
 * spreadsheets: the statistics bundle's CSVs carry answers unchanged (its README says to open the
 * workbook instead), because statistical packages would read the apostrophe as part of the answer.
 */
export function neutraliseCsvText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

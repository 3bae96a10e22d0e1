/**
 * Translate between survey-core values and the API's change keys:
 * "<question>", "<question>-Comment", and "<matrix>.<row>" for rows of matrix / matrixdropdown
 * questions (merged per row on the server, so colleagues can fill different rows at once).
 */
import type { SurveyModel } from "survey-core";

type AnyQuestion = any;

const ROW_MERGED = new Set(["matrix", "matrixdropdown"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function clean(v: unknown): unknown {
  if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) return null;
  if (isObject(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== "");
    return entries.length ? Object.fromEntries(entries) : null;
  }
  return v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(clean(a)) === JSON.stringify(clean(b));
}

function questionFor(survey: SurveyModel, valueName: string): AnyQuestion | null {
  return (survey.getQuestionByValueName(valueName) as AnyQuestion) ?? (survey.getQuestionByName(valueName) as AnyQuestion) ?? null;
}

/**
 * The change keys for one onValueChanged event. `previous` is the value before the change
 * (tracked by the caller). Returns {} for values the server computes (expressions) or that
 * belong to no question.
 */
export function changeKeysFor(survey: SurveyModel, name: string, value: unknown, previous: unknown): Record<string, unknown> {
  if (name.endsWith("-Comment")) {
    return questionFor(survey, name.slice(0, -"-Comment".length)) ? { [name]: clean(value) } : {};
  }
  const q = questionFor(survey, name);
  if (!q) return {};
  const type = q.getType();
  if (type === "expression" || type === "html" || type === "image") return {};
  if (!ROW_MERGED.has(type)) return same(previous, value) ? {} : { [name]: clean(value) };
  const before = isObject(previous) ? previous : {};
  const after = isObject(value) ? value : {};
  const out: Record<string, unknown> = {};
  for (const row of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!same(before[row], after[row])) out[`${name}.${row}`] = clean(after[row]);
  }
  return out;
}

/** Split a change key into question value name and optional matrix row. */
export function splitKey(survey: SurveyModel, key: string): { name: string; row?: string } {
  if (key.endsWith("-Comment") || questionFor(survey, key)) return { name: key };
  for (let i = key.lastIndexOf("."); i > 0; i = key.lastIndexOf(".", i - 1)) {
    const q = questionFor(survey, key.slice(0, i));
    if (q && ROW_MERGED.has(q.getType())) return { name: key.slice(0, i), row: key.slice(i + 1) };
  }
  return { name: key };
}

/** Apply change keys to survey data (returns a new data object). */
export function applyToData(survey: SurveyModel, data: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(data);
  for (const [key, value] of Object.entries(changes)) {
    const { name, row } = splitKey(survey, key);
    if (row !== undefined) {
      const m = isObject(out[name]) ? { ...(out[name] as Record<string, unknown>) } : {};
      if (value === null || value === undefined) delete m[row];
      else m[row] = value;
      if (Object.keys(m).length) out[name] = m;
      else delete out[name];
    } else if (value === null || value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}

function choiceText(choices: AnyQuestion[] | undefined, value: unknown): string {
  const item = (choices ?? []).find((c: AnyQuestion) => c.value === value);
  return item ? String(item.text ?? item.value) : String(value);
}

function valueText(q: AnyQuestion | null, value: unknown, columnsOverride?: AnyQuestion[]): string {
  if (value === null || value === undefined || value === "") return "(no answer)";
  if (!q) return typeof value === "string" ? value : JSON.stringify(value);
  const type = q.getType?.() ?? "";
  if (type === "boolean") return value === (q.valueTrue ?? true) ? String(q.locLabelTrue?.renderedHtml ?? "Yes") : String(q.locLabelFalse?.renderedHtml ?? "No");
  if (Array.isArray(value)) return value.map((v) => choiceText(q.visibleChoices ?? q.choices, v)).join(", ");
  if (isObject(value) && (type === "matrixdropdown" || columnsOverride)) {
    const columns: AnyQuestion[] = columnsOverride ?? q.columns ?? [];
    return Object.entries(value)
      .map(([col, v]) => {
        const c = columns.find((x: AnyQuestion) => x.name === col);
        const template = c?.templateQuestion;
        return `${c?.title ?? col}: ${template ? valueText(template, v) : String(v)}`;
      })
      .join("; ");
  }
  if (q.visibleChoices || q.choices) return choiceText(q.visibleChoices ?? q.choices, value);
  if (q.visibleRateValues) return choiceText(q.visibleRateValues, value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Human-readable label and value of a change key, for the conflict dialog. */
export function describeChange(survey: SurveyModel, key: string, value: unknown): { label: string; text: string } {
  const { name, row } = splitKey(survey, key);
  if (name.endsWith("-Comment")) {
    const q = questionFor(survey, name.slice(0, -"-Comment".length));
    return { label: `${q?.title ?? name} (comment)`, text: value == null || value === "" ? "(no answer)" : String(value) };
  }
  const q = questionFor(survey, name);
  if (row === undefined) return { label: String(q?.title ?? name), text: valueText(q, value) };
  const rowItem = (q?.rows ?? []).find((r: AnyQuestion) => String(r.value) === row);
  const label = `${q?.title ?? name} — ${rowItem?.text ?? row}`;
  if (q?.getType() === "matrix") return { label, text: value == null ? "(no answer)" : choiceText(q.columns, value) };
  return { label, text: valueText(q, value) };
}

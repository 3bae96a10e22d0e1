/** Mapping completeness: every old question carried over (same name or mapped) or dropped with a reason; every old choice value and matrix row has a counterpart. */
import type { CheckError } from "./check-definitions.ts";
import { MULTI_CHOICE_TYPES, type QuestionIndex, type QuestionInfo } from "./question-index.ts";
import type { VersionMapping } from "./types.ts";

function valueShape(q: QuestionInfo): string {
  if (q.type === "matrix" || q.type === "matrixdropdown") return "object";
  if (MULTI_CHOICE_TYPES.has(q.type) || q.type === "matrixdynamic" || q.type === "paneldynamic") return "array";
  return "scalar";
}

export function checkMapping(mapping: VersionMapping, oldIdx: QuestionIndex, newIdx: QuestionIndex, version: number, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const e = (element: string, message: string) => errs.push({ file, element, message });
  if (mapping.from !== version - 1 || mapping.to !== version) e("from/to", `must map v${version - 1} -> v${version}, found v${mapping.from} -> v${mapping.to}`);
  for (const name of Object.keys(mapping.questions)) {
    if (!(name in oldIdx)) e(`questions.${name}`, `"${name}" is not a question of v${version - 1}`);
  }
  for (const oldQ of Object.values(oldIdx)) {
    const m = mapping.questions[oldQ.name];
    const el = `questions.${oldQ.name}`;
    if (m && "drop" in m) continue; // schema guarantees a reason
    const target = m ? m.to : oldQ.name;
    const newQ = newIdx[target];
    if (!newQ) {
      e(el, m ? `maps to "${target}", which is not a question of v${version}` : `v${version - 1} question "${oldQ.name}" is not in v${version}: map it to a new question or drop it with a reason`);
      continue;
    }
    if (valueShape(oldQ) !== valueShape(newQ)) e(el, `cannot carry a ${oldQ.type} answer into ${target} (${newQ.type}) without a migration`);
    for (const also of m && "to" in m ? (m.alsoTo ?? []) : []) {
      const q = newIdx[also];
      if (!q) e(el, `alsoTo "${also}" is not a question of v${version}`);
      else if (valueShape(oldQ) !== valueShape(q)) e(el, `cannot copy a ${oldQ.type} answer into ${also} (${q.type})`);
      else if (oldQ.choices && q.choices) {
        const vals = new Set(q.choices.map((c) => String(c.value)));
        for (const c of oldQ.choices) {
          const v = m && "to" in m ? (m.values?.[String(c.value)] ?? String(c.value)) : String(c.value);
          if (!vals.has(v)) e(el, `choice "${String(c.value)}" has no counterpart in v${version} ${also}`);
        }
      }
    }
    const valueMap = m && "to" in m ? (m.values ?? {}) : {};
    if (oldQ.choices && newQ.choices) {
      const oldValues = oldQ.choices.map((c) => String(c.value));
      const newValues = new Set(newQ.choices.map((c) => String(c.value)));
      for (const [from, to] of Object.entries(valueMap)) {
        if (!oldValues.includes(from)) e(el, `values maps "${from}", which is not a choice of v${version - 1} ${oldQ.name}`);
        if (!newValues.has(to)) e(el, `values maps to "${to}", which is not a choice of v${version} ${target}`);
      }
      for (const v of oldValues) {
        if (!(v in valueMap) && !newValues.has(v) && !(m && "to" in m && m.dropValues && v in m.dropValues)) e(el, `choice "${v}" has no counterpart in v${version} ${target}: add it to values`);
      }
    } else if (Object.keys(valueMap).length > 0 && !oldQ.choices) {
      e(el, "values mapping given for a question without choices");
    }
    if (oldQ.rows && newQ.rows) {
      const renames = mapping.rows?.[oldQ.name] ?? {};
      const newRows = new Set(newQ.rows.map((r) => String(r.value)));
      for (const r of oldQ.rows) {
        const given = renames[String(r.value)];
        for (const to of Array.isArray(given) ? given : [given ?? String(r.value)]) {
          const dot = to.indexOf(".");
          const destRows = dot > 0 ? new Set((newIdx[to.slice(0, dot)]?.rows ?? []).map((x) => String(x.value))) : newRows;
          const destRow = dot > 0 ? to.slice(dot + 1) : to;
          if (!destRows.has(destRow)) e(`rows.${oldQ.name}.${String(r.value)}`, `row "${String(r.value)}" has no counterpart in v${version} ${dot > 0 ? to.slice(0, dot) : target}${given ? ` (mapped to "${to}", which does not exist)` : ": add it to rows"}`);
        }
      }
      for (const from of Object.keys(renames)) {
        if (!oldQ.rows.some((r) => String(r.value) === from)) e(`rows.${oldQ.name}.${from}`, `"${from}" is not a row of v${version - 1} ${oldQ.name}`);
      }
      if (oldQ.type === "matrixdropdown") {
        const newCols = new Set((newQ.columns ?? []).map((c) => c.name));
        for (const c of oldQ.columns ?? []) if (!newCols.has(c.name)) e(el, `column "${c.name}" has no counterpart in v${version} ${target}`);
      }
    }
  }
  for (const q of Object.keys(mapping.rows ?? {})) {
    if (!(q in oldIdx)) e(`rows.${q}`, `"${q}" is not a question of v${version - 1}`);
  }
  return errs;
}


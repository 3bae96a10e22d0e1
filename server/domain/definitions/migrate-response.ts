/**
 * Migrate one response's data from definition version N-1 to version N using the declared
 * VersionMapping (mapping.json of version N). Every key of the old data ends up in exactly one
 * place: carried into the new data (possibly renamed and value-mapped), dropped because the
 * mapping drops its question (with the mapping's reason), or reported as unmapped with a reason
 * (a value, row or key the new version has no place for). Nothing is dropped silently.
 */
import { questionIndex, type QuestionIndex, type QuestionInfo } from "./question-index.ts";
import type { LoadedDefinition, MigrationReport, SurveyJson, VersionMapping } from "./types.ts";

type DefLike = Pick<LoadedDefinition, "survey" | "version"> | { survey: SurveyJson; version: number };

export interface MigrationResult {
  data: Record<string, unknown>;
  report: MigrationReport;
}

const COMMENT_SUFFIX = "-Comment";

function choiceSet(q: QuestionInfo): Set<string> | undefined {
  return q.choices ? new Set(q.choices.map((c) => String(c.value))) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function migrateResponse(
  data: Record<string, unknown>,
  mapping: VersionMapping,
  fromDef: DefLike,
  toDef: DefLike,
): MigrationResult {
  const oldIdx: QuestionIndex = questionIndex(fromDef.survey);
  const newIdx: QuestionIndex = questionIndex(toDef.survey);
  const out: Record<string, unknown> = {};
  const report: MigrationReport = { carried: [], dropped: [], unmapped: [] };
  const vTo = `v${toDef.version}`;
  const unmapped = (question: string, value: unknown, reason: string) => report.unmapped.push({ question, value, reason });
  const carried = (name: string) => {
    if (!report.carried.includes(name)) report.carried.push(name);
  };

  for (const [key, value] of Object.entries(data ?? {})) {
    if (value === undefined) continue;

    // "other" text of a choice question
    if (key.endsWith(COMMENT_SUFFIX) && key.slice(0, -COMMENT_SUFFIX.length) in oldIdx) {
      const oldName = key.slice(0, -COMMENT_SUFFIX.length);
      const m = Object.hasOwn(mapping.questions, oldName) ? mapping.questions[oldName] : undefined;
      if (m && "drop" in m) {
        report.dropped.push({ question: key, reason: m.reason });
        continue;
      }
      const target = m ? m.to : oldName;
      if (newIdx[target]?.hasOther) {
        out[`${target}${COMMENT_SUFFIX}`] = value;
        carried(`${target}${COMMENT_SUFFIX}`);
      } else {
        unmapped(key, value, `${vTo} question "${target}" has no "other" text to carry it into`);
      }
      continue;
    }

    const oldQ = Object.hasOwn(oldIdx, key) ? oldIdx[key] : undefined;
    if (!oldQ) {
      unmapped(key, value, `"${key}" is not a question of v${fromDef.version}`);
      continue;
    }
    const m = Object.hasOwn(mapping.questions, key) ? mapping.questions[key] : undefined;
    if (m && "drop" in m) {
      report.dropped.push({ question: key, reason: m.reason });
      continue;
    }
    const targets = m ? [m.to, ...(m.alsoTo ?? [])] : [key];
    const dropValues = m && "to" in m ? (m.dropValues ?? {}) : {};
    for (const target of targets) carryInto(key, value, oldQ, target, m && "values" in m && m.values ? m.values : {}, dropValues);
  }

  function carryInto(
    key: string,
    value: unknown,
    oldQ: QuestionInfo,
    target: string,
    valueMap: Record<string, string>,
    dropValues: Record<string, string>,
  ): void {
    const newQ = newIdx[target];
    if (!newQ) {
      unmapped(key, value, `no counterpart in ${vTo} (not mapped and no question "${target}")`);
      return;
    }
    const mapValue = (v: unknown) => (typeof v === "string" && v in valueMap ? valueMap[v] : v);
    const allowed = choiceSet(newQ);

    if (oldQ.type === "matrix" || oldQ.type === "matrixdropdown") {
      if (!isObject(value)) {
        unmapped(key, value, `expected an object of rows for ${oldQ.type} "${key}"`);
        return;
      }
      const renames = mapping.rows && Object.hasOwn(mapping.rows, key) ? mapping.rows[key] : {};
      for (const [row, rowValue] of Object.entries(value)) {
        const to = (Object.hasOwn(renames, row) ? renames[row] : undefined) ?? row;
        for (const dest of Array.isArray(to) ? to : [to]) {
          // "matrix.row" moves the row to another matrix of the new version; "row" stays in the carried question
          const dot = dest.indexOf(".");
          const destQ = dot > 0 ? (Object.hasOwn(newIdx, dest.slice(0, dot)) ? newIdx[dest.slice(0, dot)] : undefined) : newQ;
          const destName = dot > 0 ? dest.slice(0, dot) : target;
          const newRow = dot > 0 ? dest.slice(dot + 1) : dest;
          if (!destQ || !(destQ.rows ?? []).some((r) => String(r.value) === newRow)) {
            unmapped(`${key}.${row}`, rowValue, `row "${row}" has no counterpart in ${vTo} "${destName}"`);
            continue;
          }
          const result = ((out[destName] as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
          if (destQ.type === "matrix") {
            const cols = new Set((destQ.columns ?? []).map((c) => c.name));
            const v = mapValue(rowValue);
            if (typeof v === "string" && cols.has(v)) result[newRow] = v;
            else unmapped(`${key}.${row}`, rowValue, `"${String(rowValue)}" is not a column of ${vTo} "${destName}"`);
          } else if (!isObject(rowValue)) {
            unmapped(`${key}.${row}`, rowValue, "expected an object of cells");
          } else {
            const cells: Record<string, unknown> = {};
            for (const [col, cell] of Object.entries(rowValue)) {
              const column = destQ.columns?.find((c) => c.name === col);
              if (!column) {
                unmapped(`${key}.${row}.${col}`, cell, `column "${col}" is not asked in ${vTo} "${destName}"`);
              } else if (column.choices && !column.choices.some((c) => String(c.value) === String(cell))) {
                unmapped(`${key}.${row}.${col}`, cell, `"${String(cell)}" is not a choice of column "${col}" in ${vTo}`);
              } else {
                cells[col] = cell;
              }
            }
            if (Object.keys(cells).length > 0) result[newRow] = cells;
          }
          if (Object.keys(result).length > 0) {
            out[destName] = result;
            carried(destName);
          }
        }
      }
      return;
    }

    if (Array.isArray(value)) {
      const kept: unknown[] = [];
      for (const v of value) {
        const mv = mapValue(v);
        if (typeof v === "string" && v in dropValues) unmapped(key, v, `${vTo}: ${dropValues[v]}`);
        else if (allowed && !allowed.has(String(mv))) unmapped(key, v, `"${String(v)}" is not a choice of ${vTo} "${target}"`);
        else kept.push(mv);
      }
      if (kept.length > 0) {
        out[target] = kept;
        carried(target);
      }
      return;
    }

    const mv = mapValue(value);
    if (typeof value === "string" && value in dropValues) {
      unmapped(key, value, `${vTo}: ${dropValues[value]}`);
      return;
    }
    if (allowed && !allowed.has(String(mv))) {
      unmapped(key, value, `"${String(value)}" is not a choice of ${vTo} "${target}"`);
      return;
    }
    out[target] = mv;
    carried(target);
  }
  return { data: out, report };
}

/**
 * Migrate across several versions (e.g. v1 -> v3) by applying each version's mapping in turn.
 * `defs` must hold every version from `from` to `to` (e.g. registry.all() filtered by survey).
 * Reports are concatenated; dropped and unmapped entries name the version step they came from.
 */
export function migrateResponseAcross(
  data: Record<string, unknown>,
  defs: (Pick<LoadedDefinition, "survey" | "version" | "mapping">)[],
  from: number,
  to: number,
): MigrationResult {
  const byVersion = new Map(defs.map((d) => [d.version, d]));
  let current = data;
  const report: MigrationReport = { carried: [], dropped: [], unmapped: [] };
  for (let v = from + 1; v <= to; v++) {
    const prev = byVersion.get(v - 1);
    const next = byVersion.get(v);
    if (!prev || !next || !next.mapping) throw new Error(`cannot migrate v${v - 1} -> v${v}: version or mapping missing`);
    const step = migrateResponse(current, next.mapping, prev, next);
    current = step.data;
    report.carried = step.report.carried;
    report.dropped.push(...step.report.dropped.map((d) => ({ ...d, reason: `v${v - 1}->v${v}: ${d.reason}` })));
    report.unmapped.push(...step.report.unmapped.map((u) => ({ ...u, reason: `v${v - 1}->v${v}: ${u.reason}` })));
  }
  if (from === to) report.carried = Object.keys(current);
  return { data: current, report };
}

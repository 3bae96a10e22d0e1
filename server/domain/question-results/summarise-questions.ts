/**
 * Results per question of the questionnaire over the responding LAs: for each answer option the
 * count and the percentage of the valid base, overall, by region and by LA type. The valid base is
 * the LAs that gave an answer other than "Don't know"; "Don't know", "Not asked" (the routing hid
 * the question, or the version the LA answered did not have it) and "Not answered" (asked, left
 * empty) are counted apart, never inside the percentages.
 *
 * A question becomes one part (single and multiple choice, numbers, free text) or one part per row
 * (a matrix: one per row; a matrix of dropdowns: one per row and column). Check-box percentages
 * are of the LAs that answered, so they can add up to more than 100.
 *
 * Groups whose valid base is under SMALL_GROUP_THRESHOLD are flagged `small`; readers who may see
 * aggregates only get withholdSmallQuestionGroups(): small groups left out and named.
 */
import { CHOICE_TYPES, MULTI_CHOICE_TYPES, type ChoiceInfo, type QuestionInfo } from "../definitions/question-index.ts";
import type { CodebookVariable } from "../definitions/types.ts";
import { SMALL_GROUP_THRESHOLD } from "../scoring/summarise-indicators.ts";

export type QuestionKind = "single" | "multiple" | "matrix" | "number" | "text";
type Path = CodebookVariable["path"];

export interface Respondent {
  laCode: string;
  laName: string;
  region: string;
  laType: string;
  data: Record<string, unknown>;
  /** True when this LA was not asked the question (or matrix cell) at `path`. */
  notAsked: (path: Path) => boolean;
}

export interface Tally {
  group: string;
  /** LAs in the group (every respondent, whatever it answered). */
  las: number;
  /** LAs that gave an answer other than Don't know: the base of the percentages. */
  base: number;
  small: boolean;
  /** One per option of the part, in the definition's order. */
  counts: number[];
  percents: (number | null)[];
  dontKnow: number;
  notAsked: number;
  notAnswered: number;
  /** Number questions: figures over the base. */
  numbers?: { median: number; mean: number; min: number | null; max: number | null } | null;
}

export interface LaRef {
  laCode: string;
  laName: string;
}

/** Which LAs gave each answer (researchers only): one list per option, then the answers counted apart. */
export interface PartLas {
  options: LaRef[][];
  dontKnow: LaRef[];
  notAsked: LaRef[];
  notAnswered: LaRef[];
}

export interface PartResult {
  id: string;
  label: string;
  options: { value: string; label: string }[];
  las?: PartLas;
  overall: Tally;
  byRegion: Tally[];
  byLaType: Tally[];
  /** Set by withholdSmallQuestionGroups. */
  withheldRegions?: string[];
  withheldLaTypes?: string[];
}

export interface FreeTextAnswer {
  laCode: string;
  laName: string;
  region: string;
  laType: string;
  /** Which part of the question (matrix row, "Other (describe)"), when there is more than one place for text. */
  where: string | null;
  text: string;
}

export interface QuestionResult {
  name: string;
  title: string;
  description: string | null;
  page: string;
  kind: QuestionKind;
  respondents: number;
  parts: PartResult[];
  freeText: FreeTextAnswer[];
}

interface Part {
  id: string;
  label: string;
  path: Path;
  options: ChoiceInfo[];
  multiple: boolean;
  number: boolean;
  /** where to find "Other (describe)" text for this part */
  otherText?: string;
  read: (data: Record<string, unknown>) => unknown;
}

const DONT_KNOW = "dont_know";

export function questionKind(q: QuestionInfo): QuestionKind | null {
  if (q.type === "matrix" || q.type === "matrixdropdown") return "matrix";
  if (MULTI_CHOICE_TYPES.has(q.type)) return "multiple";
  if (CHOICE_TYPES.has(q.type)) return "single";
  if (q.type === "text" && q.inputType === "number") return "number";
  if (q.type === "text" || q.type === "comment") return "text";
  return null;
}

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function partsOf(q: QuestionInfo): Part[] {
  const kind = questionKind(q);
  if (kind === "single" || kind === "multiple" || kind === "number" || kind === "text") {
    return [
      {
        id: q.name,
        label: q.title,
        path: { kind: "value", question: q.name },
        options: kind === "number" || kind === "text" ? [] : (q.choices ?? []),
        multiple: kind === "multiple",
        number: kind === "number",
        read: (d) => d[q.name],
      },
    ];
  }
  const rows = q.rows ?? [];
  if (q.type === "matrix") {
    const options = (q.columns ?? []).map((c) => ({ value: c.name, text: c.title }));
    return rows.map((r) => ({
      id: `${q.name}.${r.value}`,
      label: r.text,
      path: { kind: "matrix_row", question: q.name, row: String(r.value) },
      options,
      multiple: false,
      number: false,
      read: (d) => asRecord(d[q.name])[String(r.value)],
    }));
  }
  const parts: Part[] = [];
  for (const r of rows) {
    for (const c of q.columns ?? []) {
      parts.push({
        id: `${q.name}.${r.value}.${c.name}`,
        label: `${r.text}: ${c.title}`,
        path: { kind: "matrix_cell", question: q.name, row: String(r.value), column: c.name },
        options: c.choices ?? [],
        multiple: MULTI_CHOICE_TYPES.has(c.cellType),
        number: false,
        read: (d) => asRecord(asRecord(d[q.name])[String(r.value)])[c.name],
      });
    }
  }
  return parts;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
const pct = (count: number, base: number): number | null => (base === 0 ? null : Math.round((count * 1000) / base) / 10);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function tally(part: Part, group: string, members: readonly Respondent[], withOptions: { value: string }[], who?: PartLas): Tally {
  const ref = (m: Respondent): LaRef => ({ laCode: m.laCode, laName: m.laName });
  const index = new Map(withOptions.map((o, i) => [o.value, i]));
  const counts = withOptions.map(() => 0);
  const numbers: number[] = [];
  let base = 0;
  let dontKnow = 0;
  let notAsked = 0;
  let notAnswered = 0;
  for (const m of members) {
    if (m.notAsked(part.path)) {
      notAsked++;
      who?.notAsked.push(ref(m));
      continue;
    }
    const v = part.read(m.data);
    if (isEmpty(v)) {
      notAnswered++;
      who?.notAnswered.push(ref(m));
      continue;
    }
    if (part.number) {
      const n = typeof v === "number" ? v : Number(v);
      if (!Number.isFinite(n)) {
        notAnswered++;
        continue;
      }
      numbers.push(n);
      base++;
      continue;
    }
    const values = (Array.isArray(v) ? v : [v]).map(String);
    const given = values.filter((x) => x !== DONT_KNOW);
    if (given.length === 0) {
      dontKnow++;
      who?.dontKnow.push(ref(m));
      continue;
    }
    if (withOptions.length === 0) {
      base++; // free text: answered
      continue;
    }
    base++;
    for (const x of part.multiple ? new Set(given) : given.slice(0, 1)) {
      const i = index.get(x);
      if (i !== undefined) {
        counts[i]++;
        who?.options[i].push(ref(m));
      }
    }
  }
  const out: Tally = {
    group,
    las: members.length,
    base,
    small: base < SMALL_GROUP_THRESHOLD,
    counts,
    percents: counts.map((c) => pct(c, base)),
    dontKnow,
    notAsked,
    notAnswered,
  };
  if (part.number) {
    out.numbers =
      numbers.length === 0
        ? null
        : { median: median(numbers), mean: Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 10) / 10, min: Math.min(...numbers), max: Math.max(...numbers) };
  }
  return out;
}

function groupBy(respondents: readonly Respondent[], key: (r: Respondent) => string): [string, Respondent[]][] {
  const groups = new Map<string, Respondent[]>();
  for (const r of respondents) {
    const k = key(r);
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

function freeTextOf(q: QuestionInfo, parts: Part[], respondents: readonly Respondent[]): FreeTextAnswer[] {
  const out: FreeTextAnswer[] = [];
  const kind = questionKind(q);
  const push = (r: Respondent, where: string | null, v: unknown) => {
    if (typeof v === "string" && v.trim() !== "") out.push({ laCode: r.laCode, laName: r.laName, region: r.region, laType: r.laType, where, text: v.trim() });
  };
  for (const r of respondents) {
    if (kind === "text") {
      if (!r.notAsked(parts[0].path)) push(r, null, r.data[q.name]);
    } else if (q.hasOther && !r.notAsked({ kind: "value", question: q.name })) {
      push(r, q.choices?.find((c) => c.special === "other")?.text ?? "Other", r.data[`${q.name}-Comment`]);
    }
  }
  return out.sort((a, b) => a.laName.localeCompare(b.laName));
}

/** Results of one question over the respondents (LAs of the chosen status). */
export function summariseQuestion(q: QuestionInfo, respondents: readonly Respondent[]): QuestionResult {
  const kind = questionKind(q);
  if (!kind) throw new Error(`question ${q.name} of type ${q.type} holds no answer to summarise`);
  const parts = partsOf(q);
  const regions = groupBy(respondents, (r) => r.region);
  const laTypes = groupBy(respondents, (r) => r.laType);
  return {
    name: q.name,
    title: q.title,
    description: q.description ?? null,
    page: q.pageTitle,
    kind,
    respondents: respondents.length,
    parts: parts.map((p) => {
      const options = p.options.filter((o) => String(o.value) !== DONT_KNOW).map((o) => ({ value: String(o.value), label: o.text }));
      const las: PartLas = { options: options.map(() => []), dontKnow: [], notAsked: [], notAnswered: [] };
      const overall = tally(p, "All responding LAs", respondents, options, las);
      const byName = (a: LaRef, b: LaRef) => a.laName.localeCompare(b.laName);
      for (const list of [...las.options, las.dontKnow, las.notAsked, las.notAnswered]) list.sort(byName);
      return {
        id: p.id,
        label: p.label,
        options,
        las,
        overall,
        byRegion: regions.map(([g, members]) => tally(p, g, members, options)),
        byLaType: laTypes.map(([g, members]) => tally(p, g, members, options)),
      };
    }),
    freeText: freeTextOf(q, parts, respondents),
  };
}

/**
 * The result as aggregates-only readers may see it: no free text (it names LAs and may name
 * people), a group whose valid base is under SMALL_GROUP_THRESHOLD left out and named, and the
 * overall figures emptied when the whole base is that small. Smallest and largest numbers are left
 * out too: each is one LA's own answer.
 */
export function withholdSmallQuestionGroups(result: QuestionResult): QuestionResult {
  const hide = (t: Tally): Tally => ({ ...t, counts: t.counts.map(() => 0), percents: t.percents.map(() => null), dontKnow: 0, notAsked: 0, notAnswered: 0, numbers: null });
  const noExtremes = (t: Tally): Tally => (t.numbers ? { ...t, numbers: { ...t.numbers, min: null, max: null } } : t);
  return {
    ...result,
    freeText: [],
    parts: result.parts.map(({ las: _las, ...p }) => ({
      ...p,
      overall: p.overall.small ? hide(p.overall) : noExtremes(p.overall),
      byRegion: p.byRegion.filter((g) => !g.small).map(noExtremes),
      byLaType: p.byLaType.filter((g) => !g.small).map(noExtremes),
      withheldRegions: p.byRegion.filter((g) => g.small).map((g) => g.group),
      withheldLaTypes: p.byLaType.filter((g) => g.small).map((g) => g.group),
    })),
  };
}

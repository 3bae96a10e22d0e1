/**
 * Builds the full SurveyJS JSON of one definition version from its hand-written sections
 * (questionnaire.json) and the indicator catalogue (catalogue.json): one page per outcome area
 * with a `matrixdropdown` named itemQuestionName(area) holding its child-level data items, and
 * (v4 on) one page per other item kind (statutory-return fields, aggregate figures) with only the
 * columns that kind needs. Choice values of each aspect column are the keys of the questionnaire's
 * column texts, in file order. Pure and deterministic: the same files always give the same JSON.
 */
import {
  ITEM_ASPECTS,
  KIND_MATRIX,
  itemQuestionName,
  type Catalogue,
  type DataItem,
  type DataItemKind,
  type ItemAspect,
  type RespondentEstimate,
  type SurveyJson,
} from "./types.ts";

export interface ItemColumnText {
  title: string;
  description?: string;
  /** choice value -> text shown to respondents; must cover ASPECT_CHOICES[aspect] */
  choices: Record<string, string>;
  /** the choices are an ordered scale; left out = ordered (the aspects are graded best to worst) */
  ordinal?: boolean;
}

/** The shape of questionnaire.json. */
export interface QuestionnaireSource {
  title: string;
  description?: string;
  /** survey-level SurveyJS properties (progress bar, TOC, completedHtml, ...) */
  settings?: Record<string, unknown>;
  /** inputs to the estimated completion time shown to respondents */
  estimate?: { secondsPerQuestion: number; secondsPerItemRow: number; secondsPerItemCell?: number; roundToMinutes?: number };
  /** hand-written pages (SurveyJS page JSON) */
  pages: Array<Record<string, unknown> & { name: string; elements?: unknown[] }>;
  itemPages: {
    /** name of the hand-written page the generated item pages go before (end of survey if absent) */
    insertBefore?: string;
    pageDescription: string;
    /** title of each matrix; "{area}" is replaced by the outcome area's name */
    questionTitle: string;
    columns: Record<ItemAspect, ItemColumnText>;
    /** aspects a respondent must answer for every (visible) row */
    requiredColumns: ItemAspect[];
    /** `recorded` values for which the other aspect columns are shown */
    shownWhenRecorded: string[];
    /** v4 on: one page per non-child-level item kind, asking only the listed columns */
    kindPages?: Partial<Record<Exclude<DataItemKind, "child_record">, KindPage>>;
  };
  /** v4 on: roles best placed to answer (id -> name), the roles whose pages make the core, and each page's role */
  roles?: Record<string, string>;
  coreRoles?: string[];
  pageRoles?: Record<string, string>;
  /** closed questions that need no "Don't know", with why (the checker requires it everywhere else) */
  dontKnowExempt?: Record<string, string>;
}

export interface KindPage {
  title: string;
  description: string;
  questionTitle: string;
  columns: ItemAspect[];
  /** column texts for this page (title, description, choice texts); choice values stay those of itemPages.columns */
  columnTexts?: Partial<Record<ItemAspect, Partial<ItemColumnText>>>;
}

export function itemPageName(outcomeAreaId: string): string {
  return `p_items_${outcomeAreaId}`;
}

/** Page of the items of a kind asked on their own page ("p_items_returns", "p_items_aggregate"). */
export function kindPageName(kind: Exclude<DataItemKind, "child_record">): string {
  return `p_${KIND_MATRIX[kind]}`;
}

/** The choice values of an aspect column: the keys of its texts in questionnaire.json, in file order. */
export function aspectChoiceValues(q: Pick<QuestionnaireSource, "itemPages">, aspect: ItemAspect): string[] {
  return Object.keys(q.itemPages.columns[aspect]?.choices ?? {});
}

function isChildRecord(d: DataItem): boolean {
  return !d.kind || d.kind === "child_record";
}

export function itemNotesQuestionName(outcomeAreaId: string): string {
  return `notes_${outcomeAreaId}`;
}

const NON_ANSWER_TYPES = new Set(["html", "image"]);

function countAnswerable(elements: unknown[] | undefined): number {
  let n = 0;
  for (const el of elements ?? []) {
    const e = el as Record<string, unknown>;
    if (e.type === "panel") n += countAnswerable(e.elements as unknown[]);
    else if (!NON_ANSWER_TYPES.has(String(e.type))) n++;
  }
  return n;
}

/** Estimated minutes to complete: hand-written questions plus one row per data item, rounded up. */
export function estimateMinutes(q: QuestionnaireSource, catalogue: Catalogue): number {
  return estimateCompletion(q, catalogue).totalMinutes;
}

export interface CompletionEstimate {
  /** minutes for the pages of the core roles (all pages when the questionnaire names no roles) */
  coreMinutes: number;
  /** minutes for every page */
  totalMinutes: number;
  /** seconds per page, before rounding */
  pageSeconds: Record<string, number>;
}

/**
 * Estimated completion time, from the definition alone. v1-v3: secondsPerQuestion per hand-written
 * question plus secondsPerItemRow per data item. With secondsPerItemCell (v4): each item matrix counts
 * rows x the columns it asks, so a statutory-return row (2 columns) costs half a child-level row (4).
 * The core is the pages whose role is one of coreRoles (pages without a role count as core).
 */
export function estimateCompletion(q: QuestionnaireSource, catalogue: Catalogue): CompletionEstimate {
  const est = q.estimate ?? { secondsPerQuestion: 25, secondsPerItemRow: 45, roundToMinutes: 5 };
  const step = est.roundToMinutes && est.roundToMinutes > 0 ? est.roundToMinutes : 1;
  const round = (seconds: number) => Math.ceil(seconds / 60 / step) * step;
  const pageSeconds: Record<string, number> = {};
  for (const p of q.pages) pageSeconds[p.name] = countAnswerable(p.elements) * est.secondsPerQuestion;
  if (est.secondsPerItemCell === undefined) {
    // the total as published (v1–v3 quote it in their survey text, which must not change); then each
    // item page's share of it, for the respondent's per-section time left
    const seconds = Object.values(pageSeconds).reduce((a, b) => a + b, 0) + catalogue.dataItems.length * est.secondsPerItemRow;
    for (const page of buildItemPages(q, catalogue)) {
      pageSeconds[String(page.name)] = ((page.elements as Record<string, unknown>[])[0].rows as unknown[]).length * est.secondsPerItemRow;
    }
    return { coreMinutes: round(seconds), totalMinutes: round(seconds), pageSeconds };
  }
  for (const page of buildItemPages(q, catalogue)) {
    const matrix = (page.elements as Record<string, unknown>[])[0];
    const cells = (matrix.rows as unknown[]).length * (matrix.columns as unknown[]).length;
    pageSeconds[String(page.name)] = cells * est.secondsPerItemCell;
  }
  const core = new Set(q.coreRoles ?? []);
  let coreSeconds = 0;
  let total = 0;
  for (const [page, seconds] of Object.entries(pageSeconds)) {
    total += seconds;
    const role = q.pageRoles?.[page];
    if (core.size === 0 || role === undefined || core.has(role)) coreSeconds += seconds;
  }
  return { coreMinutes: round(coreSeconds), totalMinutes: round(total), pageSeconds };
}

/** What the respondent's page needs to estimate time left the same way as the survey description. */
export function respondentEstimate(q: QuestionnaireSource, catalogue: Catalogue): RespondentEstimate {
  const e = estimateCompletion(q, catalogue);
  const pageRoles: Record<string, string> = {};
  for (const [page, role] of Object.entries(q.pageRoles ?? {})) pageRoles[page] = q.roles?.[role] ?? role;
  return {
    coreMinutes: e.coreMinutes,
    totalMinutes: e.totalMinutes,
    roundToMinutes: q.estimate?.roundToMinutes && q.estimate.roundToMinutes > 0 ? q.estimate.roundToMinutes : 5,
    pageSeconds: e.pageSeconds,
    pageRoles,
    coreRoles: (q.coreRoles ?? []).map((r) => q.roles?.[r] ?? r),
  };
}

/** The sentence shown in the survey description (and wherever the time is quoted). */
export function completionSentence(q: QuestionnaireSource, catalogue: Catalogue): string {
  const e = estimateCompletion(q, catalogue);
  if (!q.coreRoles || e.coreMinutes === e.totalMinutes) {
    return `It takes about ${e.totalMinutes} minutes; you can stop and come back at any time.`;
  }
  const roles = q.coreRoles.map((r) => q.roles?.[r] ?? r).join(" or ");
  return (
    `The core questions take the ${roles.toLowerCase()} about ${e.coreMinutes} minutes; the sections marked for colleagues ` +
    `take about ${e.totalMinutes - e.coreMinutes} minutes more. You can stop and come back at any time.`
  );
}

function rolePrefix(q: QuestionnaireSource, page: string): string {
  const role = q.pageRoles?.[page];
  return role ? `Best answered by: ${q.roles?.[role] ?? role}. ` : "";
}

function quoteList(values: string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

function aspectColumn(q: QuestionnaireSource, aspect: ItemAspect, override: Partial<ItemColumnText> | undefined, shownIf: boolean): Record<string, unknown> {
  const ip = q.itemPages;
  const base = ip.columns[aspect];
  const texts = { ...base.choices, ...(override?.choices ?? {}) };
  const col: Record<string, unknown> = {
    name: aspect,
    title: override?.title ?? base.title,
    cellType: "dropdown",
    choices: aspectChoiceValues(q, aspect).map((value) => ({ value, text: texts[value] ?? value })),
  };
  if (aspect !== "recorded" && shownIf) col.visibleIf = `{row.recorded} anyof [${quoteList(ip.shownWhenRecorded)}]`;
  if (ip.requiredColumns.includes(aspect)) col.isRequired = true;
  const ordinal = override?.ordinal ?? base.ordinal;
  if (ordinal !== undefined) col.ordinal = ordinal;
  return col;
}

function itemPage(
  q: QuestionnaireSource,
  page: { name: string; title: string; description: string; matrix: string; questionTitle: string; notesAbout: string },
  items: DataItem[],
  aspects: readonly ItemAspect[],
  overrides: KindPage["columnTexts"] = {},
): Record<string, unknown> {
  const shownIf = aspects.includes("recorded");
  const columns = aspects.map((a) => aspectColumn(q, a, overrides?.[a], shownIf));
  const help = items.map((d) => `• ${d.name}: ${d.description}`).join("\n");
  const aspectHelp = aspects
    .map((a) => {
      const title = overrides?.[a]?.title ?? q.itemPages.columns[a].title;
      const description = overrides?.[a]?.description ?? q.itemPages.columns[a].description;
      return description ? `${title}${/[?.:!]$/.test(title) ? "" : ":"} ${description}` : "";
    })
    .filter(Boolean)
    .join(" ");
  return {
    name: page.name,
    title: page.title,
    description: rolePrefix(q, page.name) + page.description,
    elements: [
      {
        type: "matrixdropdown",
        name: page.matrix,
        title: page.questionTitle,
        description: `${aspectHelp}\n${help}`,
        cellType: "dropdown",
        columnMinWidth: "160px",
        rowTitleWidth: "240px",
        placeholder: "Choose…",
        columns,
        rows: items.map((d) => ({ value: d.id, text: d.name, description: d.description })),
      },
      {
        type: "comment",
        name: `notes_${page.matrix.replace(/^items_/, "")}`,
        title: `Anything to add about the data items for ${page.notesAbout}?`,
        description: "Optional. For example, a local workaround, or a change to recording that is on its way.",
        maxLength: 2000,
      },
    ],
  };
}

/** The generated item pages: one per outcome area with child-level items (catalogue order), then one per other item kind. */
export function buildItemPages(q: QuestionnaireSource, catalogue: Catalogue): Record<string, unknown>[] {
  const ip = q.itemPages;
  const pages: Record<string, unknown>[] = [];
  for (const area of catalogue.outcomeAreas) {
    const items = catalogue.dataItems.filter((d) => d.area === area.id && isChildRecord(d));
    if (items.length === 0) continue;
    const name = itemPageName(area.id);
    pages.push(
      itemPage(
        q,
        {
          name,
          title: area.name,
          description: ip.pageDescription,
          matrix: itemQuestionName(area.id),
          questionTitle: ip.questionTitle.replace("{area}", area.name),
          notesAbout: area.name.replace(/^Enabler: /, "").toLowerCase(),
        },
        items,
        ITEM_ASPECTS,
      ),
    );
  }
  for (const kind of ["statutory_return", "aggregate"] as const) {
    const items = catalogue.dataItems.filter((d) => d.kind === kind);
    if (items.length === 0) continue;
    const kp = ip.kindPages?.[kind];
    if (!kp) throw new Error(`data items of kind ${kind} need itemPages.kindPages.${kind}`);
    pages.push(
      itemPage(
        q,
        { name: kindPageName(kind), title: kp.title, description: kp.description, matrix: KIND_MATRIX[kind], questionTitle: kp.questionTitle, notesAbout: kp.title.toLowerCase() },
        items,
        ITEM_ASPECTS.filter((a) => kp.columns.includes(a)),
        kp.columnTexts,
      ),
    );
  }
  return pages;
}

/** The complete SurveyJS JSON for one definition version. */
export function buildQuestionnaire(q: QuestionnaireSource, catalogue: Catalogue): SurveyJson {
  const hand = structuredClone(q.pages) as Record<string, unknown>[];
  for (const p of hand) {
    const prefix = rolePrefix(q, String(p.name));
    if (prefix) p.description = prefix + (typeof p.description === "string" ? p.description : "");
  }
  const items = buildItemPages(q, catalogue);
  const at = q.itemPages.insertBefore ? hand.findIndex((p) => p.name === q.itemPages.insertBefore) : -1;
  const pages = at >= 0 ? [...hand.slice(0, at), ...items, ...hand.slice(at)] : [...hand, ...items];
  const description = `${q.description ? `${q.description} ` : ""}${completionSentence(q, catalogue)}`;
  return { title: q.title, description, ...structuredClone(q.settings ?? {}), pages };
}

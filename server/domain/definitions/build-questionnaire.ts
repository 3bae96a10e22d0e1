/**
 * Builds the full SurveyJS JSON of one definition version from its hand-written sections
 * (questionnaire.json) and the indicator catalogue (catalogue.json): one page per outcome area
 * with a `matrixdropdown` named itemQuestionName(area), one row per data item and one dropdown
 * column per aspect (ITEM_ASPECTS, choices ASPECT_CHOICES). Pure and deterministic: the same
 * files always give the same JSON (no dates, no randomness, catalogue order kept).
 */
import {
  ASPECT_CHOICES,
  ITEM_ASPECTS,
  itemQuestionName,
  type Catalogue,
  type ItemAspect,
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
  estimate?: { secondsPerQuestion: number; secondsPerItemRow: number; roundToMinutes?: number };
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
  };
}

export function itemPageName(outcomeAreaId: string): string {
  return `p_items_${outcomeAreaId}`;
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
  const est = q.estimate ?? { secondsPerQuestion: 25, secondsPerItemRow: 45, roundToMinutes: 5 };
  const questions = q.pages.reduce((n, p) => n + countAnswerable(p.elements), 0);
  const seconds = questions * est.secondsPerQuestion + catalogue.dataItems.length * est.secondsPerItemRow;
  const step = est.roundToMinutes && est.roundToMinutes > 0 ? est.roundToMinutes : 1;
  return Math.ceil(seconds / 60 / step) * step;
}

function quoteList(values: string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

/** The generated item pages, one per outcome area that has data items, in catalogue order. */
export function buildItemPages(q: QuestionnaireSource, catalogue: Catalogue): Record<string, unknown>[] {
  const ip = q.itemPages;
  const pages: Record<string, unknown>[] = [];
  for (const area of catalogue.outcomeAreas) {
    const items = catalogue.dataItems.filter((d) => d.area === area.id);
    if (items.length === 0) continue;
    const columns = ITEM_ASPECTS.map((aspect) => {
      const text = ip.columns[aspect];
      const col: Record<string, unknown> = {
        name: aspect,
        title: text.title,
        cellType: "dropdown",
        choices: ASPECT_CHOICES[aspect].map((value) => ({ value, text: text.choices[value] ?? value })),
      };
      if (aspect !== "recorded") col.visibleIf = `{row.recorded} anyof [${quoteList(ip.shownWhenRecorded)}]`;
      if (ip.requiredColumns.includes(aspect)) col.isRequired = true;
      if (text.ordinal !== undefined) col.ordinal = text.ordinal;
      return col;
    });
    const help = items.map((d) => `• ${d.name}: ${d.description}`).join("\n");
    const aspectHelp = ITEM_ASPECTS.map((a) => {
      const { title, description } = ip.columns[a];
      return description ? `${title}${/[?.:!]$/.test(title) ? "" : ":"} ${description}` : "";
    })
      .filter(Boolean)
      .join(" ");
    pages.push({
      name: itemPageName(area.id),
      title: area.name,
      description: ip.pageDescription,
      elements: [
        {
          type: "matrixdropdown",
          name: itemQuestionName(area.id),
          title: ip.questionTitle.replace("{area}", area.name),
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
          name: itemNotesQuestionName(area.id),
          title: `Anything to add about the data items for ${area.name.replace(/^Enabler: /, "").toLowerCase()}?`,
          description: "Optional. For example, a local workaround, or a change to recording that is on its way.",
          maxLength: 2000,
        },
      ],
    });
  }
  return pages;
}

/** The complete SurveyJS JSON for one definition version. */
export function buildQuestionnaire(q: QuestionnaireSource, catalogue: Catalogue): SurveyJson {
  const hand = structuredClone(q.pages) as Record<string, unknown>[];
  const items = buildItemPages(q, catalogue);
  const at = q.itemPages.insertBefore ? hand.findIndex((p) => p.name === q.itemPages.insertBefore) : -1;
  const pages = at >= 0 ? [...hand.slice(0, at), ...items, ...hand.slice(at)] : [...hand, ...items];
  const minutes = estimateMinutes(q, catalogue);
  const description = `${q.description ? `${q.description} ` : ""}It takes about ${minutes} minutes; you can stop and come back at any time.`;
  return { title: q.title, description, ...structuredClone(q.settings ?? {}), pages };
}

/**
 * Question results use cases: the current questionnaire's questions, and one question's counts
 * and percentages over the responding LAs. Each stored response is brought to the current
 * definition version first (as the export does), and "Not asked" means the routing hid the
 * question for that LA or the version it answered did not have it.
 */
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { questionIndex, type QuestionInfo } from "../domain/definitions/question-index.ts";
import { routedOut } from "../domain/definitions/routing.ts";
import type { LoadedDefinition } from "../domain/definitions/types.ts";
import { notFound } from "../domain/errors.ts";
import { isPersonalQuestionName } from "../domain/exports/build-sheets.ts";
import { questionKind, summariseQuestion, withholdSmallQuestionGroups, type Respondent } from "../domain/question-results/summarise-questions.ts";
import { SMALL_GROUP_THRESHOLD } from "../domain/scoring/summarise-indicators.ts";
import { responsesForExport } from "../repositories/export-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { notInVersionOf, toCurrentVersion } from "./export-service.ts";
import type { QuestionListDto, QuestionResultDto } from "../contracts/question-results.ts";

export type ResultsStatus = "submitted" | "all";

const isPersonal = (q: QuestionInfo) => (q.type === "text" || q.type === "comment") && q.inputType !== "number" && isPersonalQuestionName(q.name);

/** The questions that have results, in questionnaire order. */
function resultQuestions(current: LoadedDefinition): QuestionInfo[] {
  return Object.values(questionIndex(current))
    .filter((q) => questionKind(q) !== null && !isPersonal(q))
    .sort((a, b) => a.position - b.position);
}

function surveyTitle(current: LoadedDefinition): string {
  const t = (current.survey as Record<string, unknown>).title;
  return typeof t === "string" ? t : typeof t === "object" && t && typeof (t as Record<string, unknown>).default === "string" ? String((t as Record<string, unknown>).default) : "Questionnaire";
}

/** Every LA of the chosen status with its answers in the current version and its "not asked" test. */
async function respondents(db: Queryable, registry: DefinitionRegistry, current: LoadedDefinition, status: ResultsStatus): Promise<Respondent[]> {
  const notInVersion = new Map<number, Set<string>>();
  const missingFrom = (version: number | null) => notInVersionOf(registry, current, notInVersion, version);
  const out: Respondent[] = [];
  for await (const row of responsesForExport(db, { status, includePersonal: false })) {
    if (row.status === "not_started") continue;
    if (row.surveyId !== null && row.surveyId !== current.surveyId) continue;
    const data = toCurrentVersion(registry, current, row);
    const routed = routedOut(current.survey, data);
    const missing = missingFrom(row.definitionVersion);
    out.push({
      laCode: row.laCode,
      laName: row.laName,
      region: row.region,
      laType: row.laType,
      data,
      notAsked: (path) => missing.has(path.question) || routed(path),
    });
  }
  return out;
}

export async function listQuestions(db: Queryable, registry: DefinitionRegistry, status: ResultsStatus): Promise<QuestionListDto> {
  const current = registry.current();
  const pages: QuestionListDto["pages"] = [];
  for (const q of resultQuestions(current)) {
    let page = pages[pages.length - 1];
    if (!page || page.title !== q.pageTitle) {
      page = { title: q.pageTitle, questions: [] };
      pages.push(page);
    }
    page.questions.push({ name: q.name, title: q.title, kind: questionKind(q)! });
  }
  let count = 0;
  for await (const row of responsesForExport(db, { status, includePersonal: false })) if (row.status !== "not_started") count++;
  return {
    surveyTitle: surveyTitle(current),
    definitionVersion: current.version,
    status,
    respondents: count,
    pages,
    personalLeftOut: Object.values(questionIndex(current))
      .filter(isPersonal)
      .map((q) => q.title),
  };
}

/**
 * One question's results. `detail` (researcher and above) gives small groups flagged and the
 * free-text answers with their LA; without it small groups are withheld and no free text is given.
 */
export async function questionResult(
  db: Queryable,
  registry: DefinitionRegistry,
  name: string,
  opts: { status: ResultsStatus; detail: boolean },
): Promise<QuestionResultDto> {
  const current = registry.current();
  const questions = resultQuestions(current);
  const i = questions.findIndex((q) => q.name === name);
  if (i < 0) throw notFound(`question "${name}" has no results: it is not a question of the current questionnaire (version ${current.version})`);
  const result = summariseQuestion(questions[i], await respondents(db, registry, current, opts.status));
  const shown = opts.detail ? result : withholdSmallQuestionGroups(result);
  const link = (q: QuestionInfo | undefined) => (q ? { name: q.name, title: q.title } : null);
  return {
    ...shown,
    status: opts.status,
    detail: opts.detail,
    smallGroupThreshold: SMALL_GROUP_THRESHOLD,
    previous: link(questions[i - 1]),
    next: link(questions[i + 1]),
  };
}

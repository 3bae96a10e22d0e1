/**
 * The respondent's first screen: the survey's welcome content (welcome.json beside its versions)
 * and a time estimate per section from the definition version the LA answers. A version known only
 * from its database snapshot has no estimate inputs: it is estimated at the questionnaire's default
 * pace (25 s a question, 10 s a matrix cell) so the page still shows one honest figure.
 */
import type { WelcomeDto } from "../contracts/respondent-welcome.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { findStudyContact } from "../repositories/study-contact-repository.ts";
import { loadWelcome } from "../domain/definitions/welcome.ts";
import type { RespondentEstimate, SurveyJson } from "../domain/definitions/types.ts";

const DEFAULT_SECONDS_PER_QUESTION = 25;
const DEFAULT_SECONDS_PER_CELL = 10;
const NOT_ANSWERABLE = new Set(["html", "image", "expression"]);

/** Seconds per page from the SurveyJS JSON alone (fallback when the version's estimate inputs are unknown). */
export function estimatePagesFromSurvey(survey: SurveyJson): Record<string, number> {
  const out: Record<string, number> = {};
  const count = (elements: unknown[] | undefined): number => {
    let s = 0;
    for (const el of elements ?? []) {
      const e = el as Record<string, unknown>;
      if (e.type === "panel" || e.type === "paneldynamic") s += count((e.elements ?? e.templateElements) as unknown[]);
      else if (NOT_ANSWERABLE.has(String(e.type))) continue;
      else if (String(e.type).startsWith("matrix") && Array.isArray(e.rows)) {
        const columns = Array.isArray(e.columns) && String(e.type) !== "matrix" ? e.columns.length : 1;
        s += e.rows.length * columns * DEFAULT_SECONDS_PER_CELL;
      } else s += DEFAULT_SECONDS_PER_QUESTION;
    }
    return s;
  };
  for (const p of (survey.pages ?? []) as { name: string; elements?: unknown[] }[]) out[p.name] = count(p.elements);
  return out;
}

function fallbackEstimate(survey: SurveyJson): RespondentEstimate {
  const pageSeconds = estimatePagesFromSurvey(survey);
  const total = Math.ceil(Object.values(pageSeconds).reduce((a, b) => a + b, 0) / 60 / 5) * 5;
  return { coreMinutes: total, totalMinutes: total, roundToMinutes: 5, pageSeconds, pageRoles: {}, coreRoles: [] };
}

export function welcomeFor(
  la: { code: string; name: string },
  def: { surveyId: string; survey: SurveyJson; estimate?: RespondentEstimate },
  definitionsDir?: string,
  /** the study contact and "who runs it" an admin set (study-contact-service.ts), over the definition's */
  set?: { contactName: string; contactEmail: string; responseTime: string; runBy: string } | null,
): WelcomeDto {
  const w = loadWelcome(def.surveyId, definitionsDir);
  const estimate = def.estimate ?? fallbackEstimate(def.survey);
  const survey = def.survey as SurveyJson & { title?: string; description?: string };
  const pages = (survey.pages ?? []) as { name: string; title?: string }[];
  return {
    la,
    title: typeof survey.title === "string" ? survey.title : "Survey",
    runBy: set?.runBy ?? w?.runBy ?? "The research team runs this survey.",
    purpose: w?.purpose ?? (typeof survey.description === "string" ? [survey.description] : []),
    use: w?.use ?? [],
    deadline: w?.deadline ?? null,
    whoShouldAnswer: w?.whoShouldAnswer ?? "Colleagues can answer sections: forward them your invitation e-mail (the link in it works for them; the address in your browser does not).",
    privacy: w?.privacy ?? { summary: "We record the name and role of each person who answers.", notice: [] },
    contact: set ? { name: set.contactName, email: set.contactEmail, ...(set.responseTime ? { hours: set.responseTime } : {}) } : (w?.contact ?? null),
    estimate: { coreMinutes: estimate.coreMinutes, totalMinutes: estimate.totalMinutes, roundToMinutes: estimate.roundToMinutes, coreRoles: estimate.coreRoles },
    sections: pages.map((p) => ({ name: p.name, title: p.title ?? p.name, role: estimate.pageRoles[p.name] ?? null, seconds: estimate.pageSeconds[p.name] ?? 0 })),
  };
}

/** The first screen with the study contact and "who runs it" an admin set, where set. */
export async function welcomeWithStudyContact(db: Queryable, la: { code: string; name: string }, def: { surveyId: string; survey: SurveyJson; estimate?: RespondentEstimate }): Promise<WelcomeDto> {
  return welcomeFor(la, def, undefined, await findStudyContact(db));
}

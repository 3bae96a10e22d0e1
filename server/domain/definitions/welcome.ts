/**
 * The first screen a respondent sees, as data: who runs the survey and why, how answers are used,
 * shared and published, the deadline, who should answer, the privacy notice and a named contact.
 * It lives beside the version folders (`survey-definitions/<surveyId>/welcome.json`) because it
 * describes the fieldwork, not the questions: researchers can correct a deadline or a contact without
 * publishing a new questionnaire version. Read once per process and survey.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFINITIONS_DIR } from "./load-definitions.ts";

export interface SurveyWelcome {
  runBy: string;
  purpose: string[];
  use: string[];
  /** ISO date (YYYY-MM-DD) answers are asked for by */
  deadline: string;
  whoShouldAnswer: string;
  privacy: { summary: string; notice: string[] };
  contact: { name: string; email: string; hours?: string };
}

const cache = new Map<string, SurveyWelcome | null>();

function strings(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== "string" || !s.trim())) {
    throw new Error(`welcome.json: "${field}" must be a list of paragraphs`);
  }
  return v as string[];
}

function text(v: unknown, field: string): string {
  if (typeof v !== "string" || !v.trim()) throw new Error(`welcome.json: "${field}" must be non-empty text`);
  return v;
}

/** Checks the parsed welcome.json; throws naming the first field that is wrong. */
export function parseWelcome(raw: unknown): SurveyWelcome {
  const w = (raw ?? {}) as Record<string, any>;
  const deadline = text(w.deadline, "deadline");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || Number.isNaN(Date.parse(deadline))) throw new Error('welcome.json: "deadline" must be a date, YYYY-MM-DD');
  const email = text(w.contact?.email, "contact.email");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error('welcome.json: "contact.email" must be an e-mail address');
  return {
    runBy: text(w.runBy, "runBy"),
    purpose: strings(w.purpose, "purpose"),
    use: strings(w.use, "use"),
    deadline,
    whoShouldAnswer: text(w.whoShouldAnswer, "whoShouldAnswer"),
    privacy: { summary: text(w.privacy?.summary, "privacy.summary"), notice: strings(w.privacy?.notice, "privacy.notice") },
    contact: { name: text(w.contact?.name, "contact.name"), email, ...(typeof w.contact?.hours === "string" ? { hours: w.contact.hours } : {}) },
  };
}

/** The survey's welcome content, or null when the survey has no welcome.json. */
export function loadWelcome(surveyId: string, dir: string = DEFINITIONS_DIR): SurveyWelcome | null {
  const key = join(dir, surveyId);
  if (!cache.has(key)) {
    const file = join(key, "welcome.json");
    cache.set(key, existsSync(file) ? parseWelcome(JSON.parse(readFileSync(file, "utf8"))) : null);
  }
  return cache.get(key)!;
}

/** An address no one reads: the definition's placeholder, or any example domain (RFC 2606). */
export function isPlaceholderEmail(email: string): boolean {
  return /@(?:[^@]*\.)?example\.(?:org|com|net)$/i.test(email.trim());
}

/**
 * The study contact and "who runs it" sentence LAs read on the survey's first screen. The survey
 * definition's welcome.json holds the default text (an example.org address until a deployment sets
 * its own); an admin sets the real ones in the console, stored in the database and audited.
 */
import type pg from "pg";
import { AppError } from "../domain/errors.ts";
import { isPlaceholderEmail, loadWelcome } from "../domain/definitions/welcome.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import { findStudyContact, saveStudyContact } from "../repositories/study-contact-repository.ts";
import type { StudyContact, StudyContactBody, StudyContactReply } from "../contracts/study-contact.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The definition's own text (welcome.json of the survey the LAs answer). */
export function definitionContact(surveyId: string, definitionsDir?: string): StudyContact {
  const w = loadWelcome(surveyId, definitionsDir);
  return {
    contactName: w?.contact?.name ?? "The research team",
    contactEmail: w?.contact?.email ?? "",
    responseTime: w?.contact?.hours ?? "",
    runBy: w?.runBy ?? "The research team runs this survey.",
  };
}

/** What LAs see: the saved settings, else the definition's text. */
export async function studyContactFor(db: Queryable, surveyId: string, definitionsDir?: string): Promise<{ contact: StudyContact; saved: boolean; updatedAt: Date | null }> {
  const row = await findStudyContact(db);
  if (!row) return { contact: definitionContact(surveyId, definitionsDir), saved: false, updatedAt: null };
  const { updatedAt, ...contact } = row;
  return { contact, saved: true, updatedAt };
}

/** The contact as an LA sees it, for pages without a session: null when there is no address to give. */
export async function publicStudyContact(db: Queryable, surveyId: string): Promise<{ name: string; email: string; hours?: string } | null> {
  const { contact } = await studyContactFor(db, surveyId);
  if (!contact.contactEmail) return null;
  return { name: contact.contactName, email: contact.contactEmail, ...(contact.responseTime ? { hours: contact.responseTime } : {}) };
}

export async function studyContactSettings(db: Queryable, surveyId: string): Promise<StudyContactReply> {
  const { contact, saved, updatedAt } = await studyContactFor(db, surveyId);
  return {
    current: contact,
    defaults: definitionContact(surveyId),
    saved,
    placeholder: contact.contactEmail === "" || isPlaceholderEmail(contact.contactEmail),
    updatedAt: updatedAt ? updatedAt.toISOString() : null,
  };
}

function oneLine(v: string): string {
  return v.replace(/\s+/g, " ").trim();
}

function tidy(body: StudyContactBody): StudyContact {
  const c: StudyContact = {
    contactName: oneLine(body.contactName),
    contactEmail: body.contactEmail.trim(),
    responseTime: oneLine(body.responseTime),
    runBy: oneLine(body.runBy),
  };
  // Every problem at once (the form shows each beside its field); `field` and the message are the first's.
  const errors: { field: keyof StudyContact; message: string }[] = [];
  const refuse = (field: keyof StudyContact, message: string) => errors.push({ field, message });
  if (!c.contactName) refuse("contactName", "Enter the name LAs should write to");
  else if (c.contactName.length > 200) refuse("contactName", "The contact name must be 200 characters or fewer");
  if (!c.contactEmail) refuse("contactEmail", "Enter the study's e-mail address");
  else if (c.contactEmail.length > 254 || !EMAIL.test(c.contactEmail)) refuse("contactEmail", "Enter an e-mail address in the correct format, like audit-team@university.ac.uk");
  else if (isPlaceholderEmail(c.contactEmail)) refuse("contactEmail", "Enter the study's real e-mail address, not an example one");
  if (c.responseTime.length > 300) refuse("responseTime", "The response time must be 300 characters or fewer");
  if (!c.runBy) refuse("runBy", "Enter who runs the audit");
  else if (c.runBy.length > 1000) refuse("runBy", "Who runs the audit must be 1000 characters or fewer");
  if (errors.length > 0) throw new AppError("unprocessable", errors[0].message, { field: errors[0].field, details: { errors } });
  return c;
}

export async function changeStudyContact(pool: pg.Pool, surveyId: string, body: StudyContactBody, user: { id: string }): Promise<StudyContactReply> {
  const c = tidy(body);
  await withTransaction(pool, async (client) => {
    const before = await findStudyContact(client);
    await saveStudyContact(client, c, user.id);
    const changed = (Object.keys(c) as (keyof StudyContact)[]).filter((k) => before?.[k] !== c[k]);
    await recordAudit(client, { actor: user.id, actorKind: "user", action: "settings.study_contact", subject: "study_contact", details: { changed } });
  });
  return studyContactSettings(pool, surveyId);
}

/**
 * LA contacts (the people invited to answer for an LA): list, CSV import (all or nothing, every
 * problem listed), add, edit. Every change is in the audit trail, inside the same transaction.
 */
import type pg from "pg";
import type { AuditEntry } from "../domain/audit/audit-entry.ts";
import { isEmail, normaliseEmail } from "../domain/accounts/login-policy.ts";
import { conflict, invalid, notFound, unprocessable } from "../domain/errors.ts";
import { parseContactsCsv } from "../domain/fieldwork/contacts-csv.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { findContact, listContacts, updateContact, upsertContact, type ContactRow } from "../repositories/contacts-repository.ts";
import { withTransaction } from "../repositories/queryable.ts";
import { laCodes } from "../repositories/reference-data-repository.ts";
import type { ContactDto, CreateContactInput, ImportContactsDto, UpdateContactInput } from "../contracts/contacts.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;

function toJson(c: ContactRow): ContactDto {
  return { ...c, updatedAt: c.updatedAt.toISOString() };
}

export async function contactsOf(pool: pg.Pool, laCode?: string): Promise<ContactDto[]> {
  return (await listContacts(pool, laCode)).map(toJson);
}

export async function importContacts(pool: pg.Pool, csv: string, actor: Actor): Promise<ImportContactsDto> {
  const { contacts, errors } = parseContactsCsv(csv, await laCodes(pool));
  if (errors.length) {
    const first = errors[0]!;
    throw unprocessable(
      `The CSV has ${errors.length} problem(s); nothing was imported. First: line ${first.row}${first.field ? `, ${first.field}` : ""}: ${first.message}`,
      undefined,
      { errors },
    );
  }
  return withTransaction(pool, async (client) => {
    let inserted = 0;
    let updated = 0;
    for (const c of contacts) {
      const r = await upsertContact(client, c);
      if (r.inserted) inserted++;
      else updated++;
      await recordAudit(client, { ...actor, action: r.inserted ? "contact.import" : "contact.update", laCode: c.laCode, subject: r.id });
    }
    return { inserted, updated };
  });
}

export async function addContact(
  pool: pg.Pool,
  b: CreateContactInput,
  actor: Actor,
): Promise<{ inserted: boolean; contact: ContactDto }> {
  if (!(await laCodes(pool)).has(b.laCode)) throw invalid(`laCode "${b.laCode}" is not in the LA register`, "laCode");
  if (!isEmail(b.email.trim())) throw invalid(`email "${b.email}" is not a valid e-mail address`, "email");
  return withTransaction(pool, async (client) => {
    const r = await upsertContact(client, { laCode: b.laCode, name: b.name.trim(), email: normaliseEmail(b.email), role: (b.role ?? "").trim() });
    await recordAudit(client, { ...actor, action: r.inserted ? "contact.create" : "contact.update", laCode: b.laCode, subject: r.id });
    return { inserted: r.inserted, contact: toJson((await findContact(client, r.id))!) };
  });
}

export async function changeContact(
  pool: pg.Pool,
  id: string,
  b: UpdateContactInput,
  actor: Actor,
): Promise<ContactDto> {
  if (b.email !== undefined && !isEmail(b.email.trim())) throw invalid(`email "${b.email}" is not a valid e-mail address`, "email");
  return withTransaction(pool, async (client) => {
    const before = await findContact(client, id);
    if (!before) throw notFound(`No contact with id ${id}`);
    try {
      await updateContact(client, id, {
        name: b.name?.trim(),
        email: b.email !== undefined ? normaliseEmail(b.email) : undefined,
        role: b.role?.trim(),
        isActive: b.isActive,
      });
    } catch (err) {
      if ((err as { code?: string }).code === "23505") throw conflict(`LA ${before.laCode} already has a contact with that e-mail`, { field: "email" });
      throw err;
    }
    const changed = Object.keys(b).filter((k) => b[k as keyof typeof b] !== undefined);
    await recordAudit(client, { ...actor, action: "contact.update", laCode: before.laCode, subject: before.id, details: { fields: changed } });
    return toJson((await findContact(client, id))!);
  });
}

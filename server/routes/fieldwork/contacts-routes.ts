/**
 * LA contacts (researcher): list, CSV import (all-or-nothing, per-row errors), add, edit.
 *   GET   /api/admin/contacts?laCode=
 *   POST  /api/admin/contacts/import   { csv }   -> 200 { inserted, updated } | 422 { errors: [{ row, field, message }] }
 *   POST  /api/admin/contacts          { laCode, name, email, role }
 *   PATCH /api/admin/contacts/:id      { name?, email?, role?, isActive? }
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { HttpError } from "../../lib/http-errors.ts";
import { ContactIdParams, ContactsQuery, CreateContactBody, ImportContactsBody, UpdateContactBody } from "./schemas.ts";
import { findContact, listContacts, updateContact, upsertContact } from "../../repositories/contacts-repository.ts";
import { recordAudit } from "../../repositories/audit-repository.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import { withTransaction } from "../../repositories/queryable.ts";
import { parseContactsCsv } from "../../domain/fieldwork/contacts-csv.ts";
import { isEmail, normaliseEmail } from "../../domain/accounts/login-policy.ts";

const contactsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;

  async function laCodes(): Promise<Set<string>> {
    const { rows } = await pool.query<{ la_code: string }>(`SELECT la_code FROM las`);
    return new Set(rows.map((r) => r.la_code));
  }

  app.get("/admin/contacts", { preHandler: app.requireRole("researcher"), schema: { querystring: ContactsQuery } }, async (request) => {
    const contacts = await listContacts(pool, request.query.laCode);
    return { contacts: contacts.map((c) => ({ ...c, updatedAt: c.updatedAt.toISOString() })) };
  });

  app.post("/admin/contacts/import", { preHandler: app.requireRole("researcher"), schema: { body: ImportContactsBody } }, async (request) => {
    const { contacts, errors } = parseContactsCsv(request.body.csv, await laCodes());
    if (errors.length) {
      throw new HttpError(422, `The CSV has ${errors.length} problem(s); nothing was imported. First: line ${errors[0]!.row}${errors[0]!.field ? `, ${errors[0]!.field}` : ""}: ${errors[0]!.message}`, { errors });
    }
    const actor = userActor(request.user!);
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
  });

  app.post("/admin/contacts", { preHandler: app.requireRole("researcher"), schema: { body: CreateContactBody } }, async (request, reply) => {
    const b = request.body;
    if (!(await laCodes()).has(b.laCode)) throw new HttpError(400, `laCode "${b.laCode}" is not in the LA register`, { field: "laCode" });
    if (!isEmail(b.email.trim())) throw new HttpError(400, `email "${b.email}" is not a valid e-mail address`, { field: "email" });
    const r = await upsertContact(pool, { laCode: b.laCode, name: b.name.trim(), email: normaliseEmail(b.email), role: (b.role ?? "").trim() });
    await recordAudit(pool, { ...userActor(request.user!), action: r.inserted ? "contact.create" : "contact.update", laCode: b.laCode, subject: r.id });
    const c = await findContact(pool, r.id);
    return reply.code(r.inserted ? 201 : 200).send({ contact: { ...c!, updatedAt: c!.updatedAt.toISOString() } });
  });

  app.patch("/admin/contacts/:id", { preHandler: app.requireRole("researcher"), schema: { params: ContactIdParams, body: UpdateContactBody } }, async (request) => {
    const b = request.body;
    if (b.email !== undefined && !isEmail(b.email.trim())) throw new HttpError(400, `email "${b.email}" is not a valid e-mail address`, { field: "email" });
    const before = await findContact(pool, request.params.id);
    if (!before) throw new HttpError(404, `No contact with id ${request.params.id}`);
    try {
      await updateContact(pool, request.params.id, {
        name: b.name?.trim(),
        email: b.email !== undefined ? normaliseEmail(b.email) : undefined,
        role: b.role?.trim(),
        isActive: b.isActive,
      });
    } catch (err) {
      if ((err as { code?: string }).code === "23505") throw new HttpError(409, `LA ${before.laCode} already has a contact with that e-mail`, { field: "email" });
      throw err;
    }
    const changed = Object.keys(b).filter((k) => b[k as keyof typeof b] !== undefined);
    await recordAudit(pool, { ...userActor(request.user!), action: "contact.update", laCode: before.laCode, subject: before.id, details: { fields: changed } });
    const c = await findContact(pool, request.params.id);
    return { contact: { ...c!, updatedAt: c!.updatedAt.toISOString() } };
  });
};

export default contactsRoutes;

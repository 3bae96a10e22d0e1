/**
 * LA contacts (researcher): list, CSV import (all-or-nothing, per-row errors), add, edit.
 *   GET   /api/admin/contacts?laCode=
 *   POST  /api/admin/contacts/import   { csv }   -> 200 { inserted, updated } | 422 { errors: [{ row, field, message }] }
 *   POST  /api/admin/contacts          { laCode, name, email, role }
 *   PATCH /api/admin/contacts/:id      { name?, email?, role?, isActive? }
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ContactIdParams, ContactReply, ContactsQuery, ContactsReply, CreateContactBody, ImportContactsBody, ImportContactsReply, UpdateContactBody } from "../../contracts/contacts.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import { addContact, changeContact, contactsOf, importContacts } from "../../services/contacts-service.ts";

const contactsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = app.requireRole("researcher");

  app.get("/admin/contacts", { preHandler: researcher, schema: { querystring: ContactsQuery, response: { 200: ContactsReply } } }, async (request) => ({
    contacts: await contactsOf(pool, request.query.laCode),
  }));

  app.post("/admin/contacts/import", { preHandler: researcher, schema: { body: ImportContactsBody, response: { 200: ImportContactsReply } } }, async (request) =>
    importContacts(pool, request.body.csv, userActor(request.user!)),
  );

  app.post("/admin/contacts", { preHandler: researcher, schema: { body: CreateContactBody, response: { 200: ContactReply, 201: ContactReply } } }, async (request, reply) => {
    const { inserted, contact } = await addContact(pool, request.body, userActor(request.user!));
    return reply.code(inserted ? 201 : 200).send({ contact });
  });

  app.patch("/admin/contacts/:id", { preHandler: researcher, schema: { params: ContactIdParams, body: UpdateContactBody, response: { 200: ContactReply } } }, async (request) => ({
    contact: await changeContact(pool, request.params.id, request.body, userActor(request.user!)),
  }));
};

export default contactsRoutes;

/**
 * Case-study fieldwork (researcher role; state changes need CSRF):
 *   GET  /api/admin/case-studies/fieldwork                       case-study LAs (every pick of a saved selection)
 *   GET  /api/admin/case-studies/fieldwork/:laCode               record, contacts, log, consultations, indicators
 *   PUT  /api/admin/case-studies/fieldwork/:laCode/record        status, decline reason, visit dates
 *   POST /api/admin/case-studies/fieldwork/:laCode/contacts      DELETE …/contacts/:id
 *   POST /api/admin/case-studies/fieldwork/:laCode/log
 *   POST /api/admin/case-studies/fieldwork/:laCode/consultations
 *   PUT  /api/admin/case-studies/findings/:laCode                GET the same
 *   GET  /api/admin/case-studies/validation
 *   GET  /api/admin/case-studies/proposals                       PUT …/proposals/:laCode/:indicatorId
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { userActor } from "../../domain/audit/audit-entry.ts";
import * as service from "../../services/case-study-fieldwork-service.ts";
import {
  CaseStudyDetailReply,
  ConsultationBody,
  ContactBody,
  ContactParams,
  GetFindingsReply,
  IdReply,
  LaCodeParams,
  ListCaseStudyLasReply,
  LogBody,
  OkReply,
  ProposalBody,
  ProposalParams,
  ProposalsReply,
  PutFindingsBody,
  PutFindingsReply,
  RecordBody,
  ValidationReply,
} from "../../contracts/case-study-fieldwork.ts";

const caseStudyFieldworkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = app.requireRole("researcher");
  const definitions = () => app.definitions;

  app.get("/admin/case-studies/fieldwork", { preHandler: researcher, schema: { response: { 200: ListCaseStudyLasReply } } }, async () => ({
    las: await service.listCaseStudyLas(pool),
  }));

  app.get(
    "/admin/case-studies/fieldwork/:laCode",
    { preHandler: researcher, schema: { params: LaCodeParams, response: { 200: CaseStudyDetailReply } } },
    async (req) => service.caseStudyDetail(pool, req.params.laCode, definitions()),
  );

  app.put(
    "/admin/case-studies/fieldwork/:laCode/record",
    { preHandler: researcher, schema: { params: LaCodeParams, body: RecordBody, response: { 200: OkReply } } },
    async (req) => {
      await service.saveRecord(pool, req.params.laCode, req.body, userActor(req.user!));
      return { ok: true };
    },
  );

  app.post(
    "/admin/case-studies/fieldwork/:laCode/contacts",
    { preHandler: researcher, schema: { params: LaCodeParams, body: ContactBody, response: { 200: IdReply } } },
    async (req) => ({ id: await service.addContact(pool, req.params.laCode, req.body, userActor(req.user!)) }),
  );

  app.delete(
    "/admin/case-studies/fieldwork/:laCode/contacts/:id",
    { preHandler: researcher, schema: { params: ContactParams, response: { 200: OkReply } } },
    async (req) => {
      await service.removeContact(pool, req.params.laCode, req.params.id, userActor(req.user!));
      return { ok: true };
    },
  );

  app.post(
    "/admin/case-studies/fieldwork/:laCode/log",
    { preHandler: researcher, schema: { params: LaCodeParams, body: LogBody, response: { 200: OkReply } } },
    async (req) => {
      await service.addLogEntry(pool, req.params.laCode, req.body.entry, userActor(req.user!));
      return { ok: true };
    },
  );

  app.post(
    "/admin/case-studies/fieldwork/:laCode/consultations",
    { preHandler: researcher, schema: { params: LaCodeParams, body: ConsultationBody, response: { 200: IdReply } } },
    async (req) => ({ id: await service.addConsultation(pool, req.params.laCode, req.body, definitions(), userActor(req.user!)) }),
  );

  app.put(
    "/admin/case-studies/findings/:laCode",
    { preHandler: researcher, schema: { params: LaCodeParams, body: PutFindingsBody, response: { 200: PutFindingsReply } } },
    async (req) => ({ saved: await service.putFindings(pool, req.params.laCode, req.body.findings, definitions(), userActor(req.user!)) }),
  );

  app.get(
    "/admin/case-studies/findings/:laCode",
    { preHandler: researcher, schema: { params: LaCodeParams, response: { 200: GetFindingsReply } } },
    async (req) => ({ findings: await service.getFindings(pool, req.params.laCode, definitions()) }),
  );

  app.get("/admin/case-studies/validation", { preHandler: researcher, schema: { response: { 200: ValidationReply } } }, async () =>
    service.validation(pool, definitions()),
  );

  app.get("/admin/case-studies/proposals", { preHandler: researcher, schema: { response: { 200: ProposalsReply } } }, async () => ({
    proposals: await service.listProposals(pool, definitions()),
  }));

  app.put(
    "/admin/case-studies/proposals/:laCode/:indicatorId",
    { preHandler: researcher, schema: { params: ProposalParams, body: ProposalBody, response: { 200: OkReply } } },
    async (req) => {
      await service.setProposalStatus(pool, req.params.laCode, req.params.indicatorId, req.body.status, userActor(req.user!));
      return { ok: true };
    },
  );
};

export default caseStudyFieldworkRoutes;

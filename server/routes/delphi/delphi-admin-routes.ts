/**
 * Delphi consultation, researcher side (researcher role; state changes need CSRF):
 *   GET  /api/admin/delphi/studies                         POST the same {title} → {id}
 *   GET  /api/admin/delphi/studies/:id                     study, items, panel, rounds with progress by group
 *   GET|PUT /api/admin/delphi/studies/:id/settings         groups, consensus rule (locked once round 1 opens), stopping rule
 *   POST /api/admin/delphi/studies/:id/items               a researcher's own item, or a reworded/merged one (lineage)
 *   POST /api/admin/delphi/studies/:id/panellists          → private links (shown once)
 *   POST /api/admin/delphi/studies/:id/panellists/:pid/revoke
 *   POST /api/admin/delphi/studies/:id/rounds/open|close
 *   POST /api/admin/delphi/studies/:id/reminders           e-mail those who have not submitted the open round (not twice within the study's interval)
 *   POST /api/admin/delphi/reminder-preview                the reminder e-mail template rendered for a study's panel {studyId?, subject?, body?}
 *   GET  /api/admin/delphi/studies/:id/results.xlsx        the results workbook (pseudonymous panellist ids), audited
 *   GET  /api/admin/delphi/studies/:id/results.zip         CSV files with a codebook and methods summary (pseudonymous), audited
 *   POST the same {includePersonal?, reason?}              with panellists' names, e-mails and groups (admin, with a reason)
 *   GET  /api/admin/delphi/studies/:id/results
 *   GET  /api/admin/delphi/studies/:id/comments            POST …/comments/:cid/approve|redact
 *   GET  /api/admin/delphi/studies/:id/proposals           POST …/proposals/:pid/accept|merge|decline {reason, itemId?}
 *   POST /api/admin/delphi/studies/:id/decisions           the consensus meeting's include / exclude
 *   GET  /api/admin/framework?delphi=:id                   importance × feasibility → recommendation (aggregates: viewers too)
 *   GET  /api/admin/framework.csv?delphi=:id               the same as CSV for spreadsheets
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { userActor } from "../../domain/audit/audit-entry.ts";
import * as service from "../../services/delphi-service.ts";
import { frameworkCsvFile, frameworkView } from "../../services/framework-service.ts";
import * as proposals from "../../services/delphi-proposal-service.ts";
import { DelphiReminders } from "../../services/delphi-reminder-service.ts";
import { delphiCsvBundle, delphiWorkbook } from "../../services/delphi-export-service.ts";
import {
  AddPanellistsBody,
  AddPanellistsReply,
  CommentParams,
  CommentsReply,
  CreateStudyBody,
  CsvExportBody,
  DecisionBody,
  FrameworkQuery,
  FrameworkReply,
  IdParams,
  IdReply,
  ItemBody,
  ListStudiesReply,
  OkReply,
  OpenRoundBody,
  PanellistParams,
  ProposalDecisionBody,
  ProposalDecisionReply,
  ProposalParams,
  ProposalsReply,
  ResultsReply,
  RemindReply,
  ReminderPreviewBody,
  ReminderPreviewReply,
  RoundReply,
  Settings,
  SettingsReply,
  StudyReply,
} from "../../contracts/delphi.ts";
import { fileDownload } from "../../contracts/downloads.ts";

const delphiAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = app.requireRole("researcher");
  const tags = ["delphi"];
  const publicUrl = () => app.config?.publicUrl ?? "http://localhost:3000";
  const reminders = new DelphiReminders(pool, app.config);
  app.addHook("onClose", async () => reminders.close());

  app.get("/admin/delphi/studies", { preHandler: researcher, schema: { tags, response: { 200: ListStudiesReply } } }, async () => ({ studies: await service.listStudies(pool) }));

  app.post("/admin/delphi/studies", { preHandler: researcher, schema: { tags, body: CreateStudyBody, response: { 200: IdReply } } }, async (req) => {
    const current = app.definitions.current();
    return { id: await service.createStudy(pool, req.body.title, current.catalogue, current.version, userActor(req.user!)) };
  });

  app.get("/admin/delphi/studies/:id", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: StudyReply } } }, async (req) => service.studyDetail(pool, req.params.id));

  app.get("/admin/delphi/studies/:id/settings", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: SettingsReply } } }, async (req) =>
    service.getSettings(pool, req.params.id),
  );

  app.put("/admin/delphi/studies/:id/settings", { preHandler: researcher, schema: { tags, params: IdParams, body: Settings, response: { 200: SettingsReply } } }, async (req) =>
    service.putSettings(pool, req.params.id, req.body, userActor(req.user!)),
  );

  app.post("/admin/delphi/studies/:id/items", { preHandler: researcher, schema: { tags, params: IdParams, body: ItemBody, response: { 200: IdReply } } }, async (req) => ({
    id: await service.addItem(pool, req.params.id, req.body, userActor(req.user!)),
  }));

  app.post(
    "/admin/delphi/studies/:id/panellists",
    { preHandler: researcher, schema: { tags, params: IdParams, body: AddPanellistsBody, response: { 200: AddPanellistsReply } } },
    async (req) => ({ panellists: await service.addPanellists(pool, req.params.id, req.body.panellists, publicUrl(), userActor(req.user!)) }),
  );

  app.post("/admin/delphi/studies/:id/panellists/:pid/revoke", { preHandler: researcher, schema: { tags, params: PanellistParams, response: { 200: OkReply } } }, async (req) => {
    await service.revokePanellist(pool, req.params.id, req.params.pid, userActor(req.user!));
    return { ok: true };
  });

  app.post("/admin/delphi/studies/:id/rounds/open", { preHandler: researcher, schema: { tags, params: IdParams, body: OpenRoundBody, response: { 200: RoundReply } } }, async (req) => ({
    round: await service.openRound(pool, req.params.id, req.body ?? {}, userActor(req.user!)),
  }));

  app.post("/admin/delphi/studies/:id/rounds/close", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: RoundReply } } }, async (req) => ({
    round: await service.closeRound(pool, req.params.id, userActor(req.user!)),
  }));

  app.post("/admin/delphi/studies/:id/reminders", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: RemindReply } } }, async (req) => {
    return reminders.remind(req.params.id, userActor(req.user!));
  });

  app.post("/admin/delphi/reminder-preview", { preHandler: researcher, schema: { tags, body: ReminderPreviewBody, response: { 200: ReminderPreviewReply } } }, async (req) =>
    reminders.preview(req.body ?? {}),
  );

  app.get("/admin/delphi/studies/:id/results", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: ResultsReply } } }, async (req) => service.results(pool, req.params.id));

  app.get("/admin/delphi/studies/:id/results.xlsx", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: fileDownload("xlsx", "The results workbook") } } }, async (req, reply) => {
    const { fileName, body } = await delphiWorkbook(pool, req.params.id, app.definitions, userActor(req.user!));
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="${fileName}"`)
      .header("cache-control", "no-store")
      .send(body);
  });

  const CSV_SUMMARY = "Zip of the results, ratings and comments as CSV files, with a codebook and a methods summary";
  const sendZip = async (reply: FastifyReply, file: { fileName: string; body: Buffer }) =>
    reply.header("content-type", "application/zip").header("content-disposition", `attachment; filename="${file.fileName}"`).header("cache-control", "no-store").send(file.body);

  app.get("/admin/delphi/studies/:id/results.zip", { preHandler: researcher, schema: { tags, summary: CSV_SUMMARY, params: IdParams, response: { 200: fileDownload("zip", CSV_SUMMARY) } } }, async (req, reply) =>
    sendZip(reply, await delphiCsvBundle(pool, req.params.id, app.definitions, req.user!, {})),
  );

  app.post(
    "/admin/delphi/studies/:id/results.zip",
    { preHandler: researcher, schema: { tags, summary: `${CSV_SUMMARY} (personal data on request)`, params: IdParams, body: CsvExportBody, response: { 200: fileDownload("zip", CSV_SUMMARY) } } },
    async (req, reply) => sendZip(reply, await delphiCsvBundle(pool, req.params.id, app.definitions, req.user!, req.body ?? {})),
  );

  app.get("/admin/delphi/studies/:id/comments", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: CommentsReply } } }, async (req) => ({
    comments: await service.listComments(pool, req.params.id),
  }));

  app.post("/admin/delphi/studies/:id/comments/:cid/:action", { preHandler: researcher, schema: { tags, params: CommentParams, response: { 200: OkReply } } }, async (req) => {
    await service.moderateComment(pool, req.params.id, req.params.cid, req.params.action, userActor(req.user!));
    return { ok: true };
  });

  app.get("/admin/delphi/studies/:id/proposals", { preHandler: researcher, schema: { tags, params: IdParams, response: { 200: ProposalsReply } } }, async (req) => ({
    proposals: await proposals.listProposals(pool, req.params.id),
  }));

  app.post(
    "/admin/delphi/studies/:id/proposals/:pid/:action",
    { preHandler: researcher, schema: { tags, params: ProposalParams, body: ProposalDecisionBody, response: { 200: ProposalDecisionReply } } },
    async (req) => proposals.decide(pool, req.params.id, req.params.pid, req.params.action, req.body, userActor(req.user!)),
  );

  app.post("/admin/delphi/studies/:id/decisions", { preHandler: researcher, schema: { tags, params: IdParams, body: DecisionBody, response: { 200: OkReply } } }, async (req) => {
    await service.recordDecision(pool, req.params.id, req.body, userActor(req.user!));
    return { ok: true };
  });

  app.get("/admin/framework", { preHandler: app.requireRole("viewer"), schema: { tags, querystring: FrameworkQuery, response: { 200: FrameworkReply } } }, async (req) =>
    frameworkView(pool, req.query.delphi, app.definitions),
  );

  app.get("/admin/framework.csv", { preHandler: app.requireRole("viewer"), schema: { tags, querystring: FrameworkQuery, response: { 200: fileDownload("csv", "The indicator framework") } } }, async (req, reply) => {
    const { fileName, csv } = await frameworkCsvFile(pool, req.query.delphi, app.definitions);
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${fileName}"`)
      .header("cache-control", "no-store")
      .send(csv);
  });
};

export default delphiAdminRoutes;

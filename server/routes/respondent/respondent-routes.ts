/**
 * The respondent API (/api/respondent/...). An LA is identified by its link token, presented either
 * as `Authorization: Bearer <token>` (scripts) or as the HttpOnly cookie set by POST
 * /api/respondent/session, which the survey page calls with the token from the link's #fragment
 * (fragments are never sent to servers nor in Referer, so the token never reaches logs).
 *
 * After every committed change, submit or reopen, `app.onResponseChanged?.(laCode, kind)` is called
 * (not awaited; errors are logged) so scores can be recomputed.
 */
import { Type, type FastifyPluginAsyncTypebox, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../domain/errors.ts";
import { isWellFormedToken, parseIfMatch } from "../../domain/responses/tokens.ts";
import { saveChanges, submitResponse } from "../../services/response-service.ts";
import { Autosaver } from "../../services/autosave-service.ts";
import {
  endBrowserSession,
  findByCredential,
  openResponse,
  responseView,
  startBrowserSession,
  type LiveToken,
  type ResponseViewExtras,
  type StoredResponse,
} from "../../services/respondent-service.ts";
import { welcomeWithStudyContact } from "../../services/respondent-welcome-service.ts";
import { StudyContactPublicReply, WelcomeReply } from "../../contracts/respondent-welcome.ts";
import { publicStudyContact } from "../../services/study-contact-service.ts";
import { SubmitValidator } from "../../services/submit-validator.ts";
import { TokenFailureLimiter } from "./token-failure-limiter.ts";
import handoffRoutes from "./handoff-routes.ts";
import contributorRoutes from "./contributor-routes.ts";
import { compressedJson, pickEncoding } from "../../lib/compressed-json.ts";
import { clearContributorCookie, contributorKeyHash, readCookie } from "./cookies.ts";

export { readCookie };
import {
  ConflictReply,
  ErrorSchema,
  PatchBody,
  PatchReply,
  ResponseReply,
  SessionBody,
  SessionReply,
  SubmitBody,
  SubmitReply,
  ValidationErrorReply,
} from "../../contracts/respondent.ts";
import { FeedbackReport } from "../../contracts/reports.ts";
import { releasedReport, releasedReportCsv, releasedReportPdf } from "../../services/report-service.ts";
import { fileDownload, NoContent } from "../../contracts/downloads.ts";

export type ResponseChangeKind = "change" | "submit" | "reopen";

declare module "fastify" {
  interface FastifyInstance {
    /** Optional hook (decorate it before the routes are registered): called after a change, submit or reopen committed. */
    onResponseChanged?: (laCode: string, kind: ResponseChangeKind) => unknown;
  }
  interface FastifyRequest {
    la?: LiveToken;
    /** The LA's response as read with the token (undefined: not read; null: not created yet). */
    laResponse?: StoredResponse | null;
    /** A well-formed credential not looked up yet: the route checks it in its own statement. */
    deferredCredential?: { value: string; kind: "token" | "session" };
    /** Contributors and last edits, read with the link check on routes that show them. */
    laViewExtras?: ResponseViewExtras;
  }
  interface FastifyContextConfig {
    /** The handler checks a well-formed link or session itself (in the same round trip as its write). */
    checksCredentialItself?: boolean;
    /** The link check also reads who is answering and who last changed each field (one round trip, not three). */
    readsResponseView?: boolean;
  }
}

export const RESPONDENT_COOKIE = "lada_la";
const INVALID_LINK = "This link is not valid or has expired. Ask the research team for a new link.";

export interface RespondentRoutesOptions {
  /** Token failures allowed per client IP per window before 429 (default 10 per 15 minutes). */
  tokenFailures?: { max: number; windowMs: number };
  /** Body limit of PATCH (default 256 KiB). */
  patchBodyLimit?: number;
}

/** A script's bearer token, or the browser's session id from the cookie. */
function presentedCredential(req: FastifyRequest): { value: string | undefined; kind: "token" | "session" } {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return { value: m ? m[1] : auth, kind: "token" }; // a malformed Authorization header counts as a bad token
  }
  return { value: readCookie(req, RESPONDENT_COOKIE), kind: "session" };
}

export function notifyChanged(app: FastifyInstance, laCode: string, kind: ResponseChangeKind): void {
  const hook = app.onResponseChanged;
  if (!hook) return;
  try {
    Promise.resolve(hook(laCode, kind)).catch((err) => app.log.error({ err }, "onResponseChanged failed"));
  } catch (err) {
    app.log.error({ err }, "onResponseChanged failed");
  }
}

const respondentRoutes: FastifyPluginAsyncTypebox<RespondentRoutesOptions> = async (app, opts) => {
  const limiter = new TokenFailureLimiter(opts.tokenFailures ?? { max: 10, windowMs: 15 * 60_000 });
  const definitions = app.responseDefinitions;
  const pool = app.pg.pool;
  const validator = new SubmitValidator(); // survey-core off the main thread
  app.addHook("onClose", async () => validator.close());
  const secure = app.config?.publicUrl?.startsWith("https:") || app.config?.nodeEnv === "production";

  // A valid link always opens, even from an address that has been guessing: colleagues behind one
  // council NAT must not lock each other out. Wrong links from a guessing address get 429.
  async function checkToken(req: FastifyRequest, reply: FastifyReply, token: string | undefined, kind: "token" | "session" = "token"): Promise<LiveToken> {
    const withView = req.routeOptions.config.readsResponseView === true;
    const found = token && isWellFormedToken(token) ? await findByCredential(pool, token, kind, { withView }) : null;
    if (found) {
      req.laResponse = found.response;
      req.laViewExtras = found.view;
      return found.token;
    }
    return refuse(req, reply, token);
  }

  /** A link or session that matched nothing: 401, or 429 for an address that keeps guessing. */
  function refuse(req: FastifyRequest, reply: FastifyReply, token: string | undefined): never {
    const client = req.ip;
    const wait = limiter.blockedFor(client);
    if (wait > 0) {
      reply.header("retry-after", String(wait));
      throw new AppError("tooManyRequests", "Too many attempts with an invalid link from this address. Try again later.");
    }
    if (token === undefined || token === "") throw new AppError("unauthenticated", INVALID_LINK);
    limiter.recordFailure(client, token);
    throw new AppError("unauthenticated", INVALID_LINK);
  }

  function la(req: FastifyRequest): LiveToken {
    if (!req.la) throw new AppError("unauthenticated", INVALID_LINK);
    return req.la;
  }

  /** The usual check for a request whose credential was deferred (its handler took the slow path). */
  async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const deferred = req.deferredCredential;
    if (!deferred || req.la) return;
    req.la = await checkToken(req, reply, deferred.value, deferred.kind);
  }

  const autosaver = new Autosaver(pool, definitions, { prepared: app.dbKind === "postgres" });
  const responseFor = (live: LiveToken, known?: StoredResponse | null) => openResponse(pool, definitions, live, known);

  // Cache-Control: no-store on every response here comes from plugins/security.ts (all of /api/).

  // --- Session exchange (no auth hook: the token is in the body) --------------------------------
  app.post(
    "/respondent/session",
    {
      bodyLimit: 4096,
      schema: {
        tags: ["respondent"],
        summary: "Exchange the link token for an HttpOnly session cookie",
        description: "The survey page posts the token from the link's #fragment. Sets cookie `lada_la` (HttpOnly, SameSite=Strict, path /api/respondent).",
        body: SessionBody,
        response: { 200: SessionReply, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      const live = await checkToken(req, reply, req.body.token);
      // the cookie is a fresh session id, not the link: signing out can end it on the server
      const { sessionId, expiresAt } = await startBrowserSession(pool, live);
      const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      reply.header(
        "set-cookie",
        `${RESPONDENT_COOKIE}=${sessionId}; Path=/api/respondent; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`,
      );
      return { la: { code: live.laCode, name: live.laName } };
    },
  );

  app.delete(
    "/respondent/session",
    { schema: { tags: ["respondent"], summary: "Sign out: end this browser's session on the server and forget its cookie", response: { 204: NoContent } } },
    async (req, reply) => {
      const sessionId = readCookie(req, RESPONDENT_COOKIE);
      if (sessionId && isWellFormedToken(sessionId)) await endBrowserSession(pool, sessionId);
      // signing out also forgets who was answering here: the next person on this device is someone else
      reply.header("set-cookie", [
        `${RESPONDENT_COOKIE}=; Path=/api/respondent; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`,
        clearContributorCookie(secure),
      ]);
      return reply.code(204).send(null);
    },
  );

  // --- The study contact (no auth: the "link does not work" page has no session to show it with) ---
  // Only the study team's own name and address, never anything about an LA.
  app.get(
    "/respondent/study-contact",
    {
      schema: {
        tags: ["respondent"],
        summary: "Who to write to about the survey, for the page that says a link does not work (no session needed)",
        response: { 200: StudyContactPublicReply },
      },
    },
    async () => ({ contact: await publicStudyContact(pool, (await definitions.current()).surveyId) }),
  );

  // --- Authenticated routes -----------------------------------------------------------------------
  await app.register(async (child) => {
    const authed = child.withTypeProvider<TypeBoxTypeProvider>();
    authed.addHook("onRequest", async (req, reply) => {
      const credential = presentedCredential(req);
      if (req.routeOptions.config.checksCredentialItself && isWellFormedToken(credential.value)) {
        req.deferredCredential = { value: credential.value, kind: credential.kind };
        return;
      }
      req.la = await checkToken(req, reply, credential.value, credential.kind);
    });
    // Text PostgreSQL cannot store (NUL, lone surrogates) or absurd nesting is refused (400) by the
    // app-wide input guard (plugins/input-guard.ts) before this scope's hooks: not checked twice.
    const security = [{ laToken: [] }];
    await child.register(handoffRoutes); // inside this scope: the same token/session check
    await child.register(contributorRoutes, { secure });

    authed.get(
      "/respondent/definition",
      {
        schema: {
          tags: ["respondent"],
          summary: "The SurveyJS JSON of the definition version this LA's response answers",
          security,
          // documented as the JSON it is; sent as bytes made once per version (brotli, gzip or plain)
          response: { 200: Type.Unsafe<Buffer>(Type.Record(Type.String(), Type.Unknown(), { description: "SurveyJS JSON" })), 401: ErrorSchema, 429: ErrorSchema },
        },
      },
      async (req, reply) => {
        const r = await responseFor(la(req), req.laResponse);
        const def = await definitions.forResponse(pool, r);
        // the same bytes for every respondent on this version: serialised and compressed once
        const { body, encoding } = pickEncoding(compressedJson(def.survey), req.headers["accept-encoding"]);
        reply.header("vary", "accept-encoding").type("application/json; charset=utf-8");
        if (encoding) reply.header("content-encoding", encoding);
        return reply.send(body);
      },
    );

    authed.get(
      "/respondent/welcome",
      {
        schema: {
          tags: ["respondent"],
          summary: "The first screen: what the survey is for, how answers are used, deadline, privacy, contact and the time it takes",
          security,
          response: { 200: WelcomeReply, 401: ErrorSchema, 429: ErrorSchema },
        },
      },
      async (req) => {
        const live = la(req);
        const r = await responseFor(live, req.laResponse);
        const def = await definitions.forResponse(pool, r);
        return welcomeWithStudyContact(pool, { code: live.laCode, name: live.laName }, def);
      },
    );

    authed.get(
      "/respondent/response",
      {
        config: { readsResponseView: true },
        schema: {
          tags: ["respondent"],
          summary: "This LA's answers so far, with version, status and contributors",
          description: "The ETag header carries the version; send it as If-Match when saving.",
          security,
          response: { 200: ResponseReply, 401: ErrorSchema, 429: ErrorSchema },
        },
      },
      async (req, reply) => {
        const view = await responseView(pool, definitions, la(req), req.laResponse, req.laViewExtras);
        reply.header("etag", `"${view.version}"`);
        return view;
      },
    );

    authed.patch(
      "/respondent/response",
      {
        bodyLimit: opts.patchBodyLimit ?? 256 * 1024,
        // one round trip: the link check, merge, change log and version in one statement
        config: { checksCredentialItself: true },
        attachValidation: true,
        schema: {
          tags: ["respondent"],
          summary: "Save changed answers (merged per question / per matrix row)",
          description:
            "Header `If-Match: <version>` (required) is the version the changes are based on. A change to a field someone else " +
            "changed after that version, to a different value, is a conflict: 409 with both values and nothing is saved. Other " +
            "fields merge. Unknown questions, rows or choices and wrong value shapes: 422 naming the question. Writes after submit: 409.",
          security,
          headers: {
            type: "object",
            properties: { "if-match": { type: "string", description: "The response version the changes are based on, e.g. 12" } },
          },
          body: PatchBody,
          response: {
            200: PatchReply,
            400: ErrorSchema,
            401: ErrorSchema,
            409: ConflictReply,
            412: ErrorSchema,
            413: ErrorSchema,
            422: ValidationErrorReply,
            428: ErrorSchema,
            429: ErrorSchema,
          },
        },
      },
      async (req, reply) => {
        const base = parseIfMatch(req.headers["if-match"]);
        const deferred = req.deferredCredential;
        if (deferred && !req.validationError && typeof base === "number") {
          const out = await autosaver.save(deferred, {
            baseVersion: base,
            changes: req.body.changes,
            contributor: { ...req.body.contributor, keyHash: contributorKeyHash(req) },
            uiState: req.body.uiState as Record<string, unknown> | undefined,
          });
          if (out.kind === "unknown-credential") refuse(req, reply, deferred.value);
          if (out.kind === "saved") {
            if (out.changed) notifyChanged(app, out.laCode, "change");
            reply.header("etag", `"${out.version}"`);
            return { version: out.version, updates: out.updates, updatedBy: out.updatedBy };
          }
        }
        await authenticate(req, reply);
        if (req.validationError) throw req.validationError;
        const live = la(req);
        if (base === "missing") throw new AppError("preconditionRequired", "Header If-Match (the response version your changes are based on) is required");
        if (base === "invalid") throw new AppError("invalid", 'Header "If-Match" must be a response version number');
        const current = await responseFor(live, req.laResponse);
        if (deferred) {
          autosaver.remember(deferred.value, live.laCode, {
            surveyId: current.surveyId,
            version: current.definitionVersion,
            hash: current.definitionHash,
          });
        }
        const result = await saveChanges(pool, definitions, live.laCode, {
          baseVersion: base,
          changes: req.body.changes,
          contributor: { ...req.body.contributor, keyHash: contributorKeyHash(req) },
          uiState: req.body.uiState as Record<string, unknown> | undefined,
          current,
        });
        if (result.changed) notifyChanged(app, live.laCode, "change");
        reply.header("etag", `"${result.version}"`);
        return { version: result.version, updates: result.updates, updatedBy: result.updatedBy };
      },
    );

    authed.post(
      "/respondent/response/submit",
      {
        schema: {
          tags: ["respondent"],
          summary: "Submit: validated on the server with survey-core; the response becomes read-only",
          description: "422 lists every problem per question with the page it is on. Answers to hidden questions are dropped.",
          security,
          body: SubmitBody,
          response: { 200: SubmitReply, 401: ErrorSchema, 409: ConflictReply, 422: ValidationErrorReply, 429: ErrorSchema },
        },
      },
      async (req) => {
        const live = la(req);
        await responseFor(live, req.laResponse);
        const out = await submitResponse(pool, definitions, live.laCode, { contributor: { ...req.body.contributor, keyHash: contributorKeyHash(req) } }, validator.validate);
        notifyChanged(app, live.laCode, "submit");
        return { submittedAt: out.submittedAt.toISOString(), submittedBy: out.submittedBy, version: out.version };
      },
    );

    // The LA's own feedback report once researchers have released it (404 before release and after withdrawal).
    authed.get(
      "/respondent/report",
      { schema: { tags: ["respondent"], summary: "This LA's released feedback report", security, response: { 200: FeedbackReport, 401: ErrorSchema, 404: ErrorSchema } } },
      async (req) => releasedReport(pool, la(req).laCode),
    );

    authed.get(
      "/respondent/report.csv",
      { schema: { tags: ["respondent"], summary: "This LA's own figures from its released feedback report, as CSV", security, response: { 200: fileDownload("csv", "This LA's figures") } } },
      async (req, reply) => {
        const live = la(req);
        const csv = await releasedReportCsv(pool, live.laCode);
        return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="feedback-report-${live.laCode}.csv"`).send(csv);
      },
    );

    authed.get(
      "/respondent/report.pdf",
      { schema: { tags: ["respondent"], summary: "This LA's released feedback report as an accessible PDF (the stored copy it was released with)", security, response: { 200: fileDownload("pdf", "The released report") } } },
      async (req, reply) => {
        const live = la(req);
        const pdf = await releasedReportPdf(pool, live.laCode);
        return reply.type("application/pdf").header("content-disposition", `attachment; filename="feedback-report-${live.laCode}.pdf"`).send(pdf);
      },
    );
  });
};

export default respondentRoutes;

/**
 * An LA reads its released feedback report with its read-only report link (never its questionnaire):
 *   POST /api/report/session   {token} from the link's #fragment -> HttpOnly session cookie `lada_report`
 *   GET  /api/report           the LA's own report (JSON, naming its laCode)
 *   GET  /api/report.pdf       the stored PDF it was released with
 *   GET  /api/report.csv       the LA's own figures
 * The credential is `Authorization: Bearer <token>` (scripts) or the cookie. A wrong, revoked or
 * expired link (withdrawal revokes it) is 401; the LA is taken from the link, never from the request.
 * Wrong links from one address are slowed down like survey links (429 after 10 in 15 minutes).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../domain/errors.ts";
import { isWellFormedToken } from "../../domain/responses/tokens.ts";
import { FeedbackReport, ReportSessionBody, ReportSessionReply } from "../../contracts/reports.ts";
import { fileDownload } from "../../contracts/downloads.ts";
import { findReportLink, startReportSession, type LiveReportLink } from "../../services/report-link-service.ts";
import { releasedReport, releasedReportCsv, releasedReportPdf } from "../../services/report-service.ts";
import { TokenFailureLimiter } from "../respondent/token-failure-limiter.ts";

export const REPORT_COOKIE = "lada_report";
const INVALID_LINK = "This report link is not valid, has expired or has been withdrawn. Ask the research team for a new link.";

const reportLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const limiter = new TokenFailureLimiter({ max: 10, windowMs: 15 * 60_000 });
  const secure = app.config?.publicUrl?.startsWith("https:") || app.config?.nodeEnv === "production";
  const tags = ["report link"];
  const security = [{ reportToken: [] }];

  // A valid link always opens, even from an address that has been guessing (colleagues share a NAT).
  async function linkFor(req: FastifyRequest, reply: FastifyReply, credential: string | undefined, kind: "token" | "session"): Promise<LiveReportLink> {
    const found = credential && isWellFormedToken(credential) ? await findReportLink(pool, credential, kind) : null;
    if (found) return found;
    const wait = limiter.blockedFor(req.ip);
    if (wait > 0) {
      reply.header("retry-after", String(wait));
      throw new AppError("tooManyRequests", "Too many attempts with an invalid link from this address. Try again later.");
    }
    if (credential) limiter.recordFailure(req.ip, credential);
    throw new AppError("unauthenticated", INVALID_LINK);
  }

  function presented(req: FastifyRequest): { value: string | undefined; kind: "token" | "session" } {
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      return { value: m ? m[1] : auth, kind: "token" };
    }
    return { value: (req as unknown as { cookies?: Record<string, string | undefined> }).cookies?.[REPORT_COOKIE], kind: "session" };
  }

  app.post(
    "/report/session",
    {
      bodyLimit: 4096,
      schema: {
        tags,
        summary: "Exchange the report link's token for an HttpOnly session cookie",
        description: "The report page posts the token from the link's #fragment. Sets cookie `lada_report` (HttpOnly, SameSite=Strict).",
        body: ReportSessionBody,
        response: { 200: ReportSessionReply },
      },
    },
    async (req, reply) => {
      const live = await linkFor(req, reply, req.body.token, "token");
      const { sessionId, expiresAt } = await startReportSession(pool, live);
      const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      // Path /api: the cookie must reach /api/report.pdf and /api/report.csv, which a /api/report path would not
      reply.header("set-cookie", `${REPORT_COOKIE}=${sessionId}; Path=/api; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`);
      reply.header("cache-control", "no-store");
      return { la: { code: live.laCode, name: live.laName } };
    },
  );

  await app.register(async (child) => {
    child.addHook("onRequest", async (req, reply) => {
      const c = presented(req);
      (req as FastifyRequest & { reportLink?: LiveReportLink }).reportLink = await linkFor(req, reply, c.value, c.kind);
      reply.header("cache-control", "no-store");
    });
    const laOf = (req: FastifyRequest) => (req as FastifyRequest & { reportLink: LiveReportLink }).reportLink;

    child.get("/report", { schema: { tags, summary: "This LA's released feedback report (404 before release)", security, response: { 200: FeedbackReport } } }, async (req) =>
      releasedReport(pool, laOf(req).laCode),
    );

    child.get("/report.pdf", { schema: { tags, summary: "This LA's released feedback report as an accessible PDF (the stored copy it was released with)", security, response: { 200: fileDownload("pdf", "The released report") } } }, async (req, reply) => {
      const { laCode } = laOf(req);
      const pdf = await releasedReportPdf(pool, laCode);
      return reply.type("application/pdf").header("content-disposition", `attachment; filename="feedback-report-${laCode}.pdf"`).send(pdf);
    });

    child.get("/report.csv", { schema: { tags, summary: "This LA's own figures from its released feedback report, as CSV", security, response: { 200: fileDownload("csv", "This LA's figures") } } }, async (req, reply) => {
      const { laCode } = laOf(req);
      const csv = await releasedReportCsv(pool, laCode);
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="feedback-report-${laCode}.csv"`).send(csv);
    });
  });
};

export default reportLinkRoutes;

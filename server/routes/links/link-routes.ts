/**
 * LA survey links (admin; state changes need the CSRF token):
 *   GET  /api/admin/links                    every LA: link state, issued, last used, expires
 *   POST /api/admin/links/:laCode/issue      a first link (409 when one works: reissue instead)
 *   POST /api/admin/links/:laCode/reissue    revoke the working links and issue a new one
 *   POST /api/admin/links/:laCode/revoke     stop the working links (409 when there are none)
 *   POST /api/admin/links/missing.csv        issue a link for every LA without one: the mail-merge CSV
 * A new link is in the reply once; only its hash is stored.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { IssuedLinkReply, LinkLaParams, ListLinksReply, RevokeLinkReply } from "../../contracts/links.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import * as links from "../../services/link-admin-service.ts";
import { fileDownload } from "../../contracts/downloads.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const linkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const admin = app.requireRole("admin");
  const options = (user: { id: string }) => ({ publicUrl: app.config.publicUrl, ttlDays: app.config.tokenTtlDays, actor: userActor(user) });

  app.get("/admin/links", { preHandler: admin, schema: { tags: ["admin"], summary: "Every LA's survey link: state, issued, last used, expires", response: { 200: ListLinksReply } } }, async () => ({
    links: (await links.listLinks(pool)).map((l) => ({ ...l, issuedAt: iso(l.issuedAt), lastUsedAt: iso(l.lastUsedAt), expiresAt: iso(l.expiresAt), revokedAt: iso(l.revokedAt) })),
    ttlDays: app.config.tokenTtlDays,
  }));

  for (const action of ["issue", "reissue"] as const) {
    app.post(
      `/admin/links/:laCode/${action}`,
      {
        preHandler: admin,
        schema: {
          tags: ["admin"],
          summary: action === "issue" ? "Issue a first link for an LA (shown once)" : "Revoke an LA's working links and issue a new one (shown once)",
          params: LinkLaParams,
          response: { 200: IssuedLinkReply },
        },
      },
      async (req) => {
        const issued = await (action === "issue" ? links.issueLink : links.reissueLink)(pool, req.params.laCode, options(req.user!));
        return { ...issued, expiresAt: issued.expiresAt.toISOString() };
      },
    );
  }

  app.post(
    "/admin/links/:laCode/revoke",
    { preHandler: admin, schema: { tags: ["admin"], summary: "Stop an LA's working links", params: LinkLaParams, response: { 200: RevokeLinkReply } } },
    async (req) => ({ laCode: req.params.laCode, revoked: await links.revokeLink(pool, req.params.laCode, userActor(req.user!)) }),
  );

  app.post(
    "/admin/links/missing.csv",
    { preHandler: admin, schema: { tags: ["admin"], summary: "Issue a link for every LA without one; the mail-merge CSV la_code,la_name,region,link (shown once)", response: { 200: fileDownload("csv", "Mail-merge CSV of the new links") } } },
    async (req, reply) => {
      const { csv, issued } = await links.issueMissingLinksCsv(pool, options(req.user!));
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="la-survey-links-${new Date().toISOString().slice(0, 10)}.csv"`)
        .header("cache-control", "no-store")
        .header("x-links-issued", String(issued))
        .send(csv);
    },
  );
};

export default linkRoutes;

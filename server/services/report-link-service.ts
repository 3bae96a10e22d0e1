/**
 * Read-only feedback-report links. Each release issues the LA a link that opens only its report (the
 * release e-mail carries it); an admin can issue a fresh link for every released LA as a mail-merge
 * CSV, and revoke an LA's links; withdrawing a report revokes them. A link is 256 random bits in the
 * URL fragment, kept only as a SHA-256 hash, with its own expiry. The plain link exists only in the
 * e-mail or the CSV it was issued for.
 */
import type pg from "pg";
import { stringify } from "csv-stringify/sync";
import { conflict, notFound } from "../domain/errors.ts";
import { generateToken, hashToken } from "../domain/responses/tokens.ts";
import { safeCell } from "../domain/fieldwork/audit-export.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import { findLiveReportLink, insertReportLink, insertReportLinkSession, revokeReportLinks, type LiveReportLink } from "../repositories/report-links-repository.ts";
import { listLiveReleases, readRegister } from "../repositories/reports-repository.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;
export type { LiveReportLink };

export interface ReportLinkOptions {
  publicUrl: string;
  ttlDays: number;
  now?: Date;
}

/** Browser sessions of a report link last a fortnight at most (and never beyond the link's expiry). */
const SESSION_MAX_MS = 14 * 24 * 60 * 60 * 1000;

/** The address an LA opens: the token rides in the fragment, which browsers never send to servers or in Referer. */
export function reportLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/report#${token}`;
}

/** Issues one report link for the LA (audited) and returns it: the only time it exists in plain. */
export async function issueReportLink(db: Queryable, laCode: string, via: "release" | "links-csv", opts: ReportLinkOptions, actor: Actor): Promise<{ link: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + opts.ttlDays * 86_400_000);
  await insertReportLink(db, { laCode, tokenHash: hashToken(token), via, createdBy: actor.actorKind === "user" ? actor.actor : null, expiresAt });
  await recordAudit(db, { ...actor, action: "report_link.issue", laCode, details: { via, expiresAt } });
  return { link: reportLinkUrl(opts.publicUrl, token), expiresAt };
}

/** The live report link a token or browser-session id stands for, or null. */
export function findReportLink(pool: pg.Pool, credential: string, kind: "token" | "session"): Promise<LiveReportLink | null> {
  return findLiveReportLink(pool, hashToken(credential), kind);
}

/** A new browser session for a live report link: the session id (for the cookie) and when it ends. */
export async function startReportSession(pool: pg.Pool, live: LiveReportLink): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = generateToken();
  const expiresAt = new Date(Math.min(live.expiresAt.getTime(), Date.now() + SESSION_MAX_MS));
  await insertReportLinkSession(pool, live.id, hashToken(sessionId), expiresAt);
  return { sessionId, expiresAt };
}

/** Stops every working report link of the LA (and the browser sessions opened with them). */
export async function revokeReportLinksOf(pool: pg.Pool, laCode: string, actor: Actor): Promise<number> {
  return withTransaction(pool, async (client) => {
    const la = (await readRegister(client)).find((r) => r.laCode === laCode);
    if (!la) throw notFound(`laCode: no LA with code ${laCode}`);
    const revoked = await revokeReportLinks(client, laCode);
    if (revoked === 0) throw conflict(`${la.name} has no working report link to revoke`);
    await recordAudit(client, { ...actor, action: "report_link.revoke", laCode, details: { revoked } });
    return revoked;
  });
}

/**
 * A fresh report link for every LA with a released report, as the mail-merge CSV la_code,la_name,link
 * (earlier links keep working). Audited per link and for the download. Text a spreadsheet could run
 * as a formula is neutralised.
 */
export async function reportLinksCsv(pool: pg.Pool, opts: ReportLinkOptions, actor: Actor): Promise<{ csv: string; issued: number }> {
  return withTransaction(pool, async (client) => {
    const live = await listLiveReleases(client);
    if (live.length === 0) throw conflict("No feedback report has been released yet, so there are no report links to give out.");
    const rows: string[][] = [];
    for (const r of live) {
      const { link } = await issueReportLink(client, r.laCode, "links-csv", opts, actor);
      rows.push([r.laCode, r.laName, link].map(safeCell));
    }
    await recordAudit(client, { ...actor, action: "report_links.csv_download", details: { issued: rows.length } });
    return { csv: stringify([["la_code", "la_name", "link"], ...rows]), issued: rows.length };
  });
}

/**
 * LA survey links from the console (admin): list their state, issue one, reissue (revoke and issue),
 * revoke, and issue every missing link as the mail-merge CSV. Each action is in the audit trail;
 * the token itself is only in the reply (shown once), the database keeps its hash.
 */
import type pg from "pg";
import { stringify } from "csv-stringify/sync";
import { conflict, notFound } from "../domain/errors.ts";
import { generateToken, hashToken, respondentLink } from "../domain/responses/tokens.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { withTransaction } from "../repositories/queryable.ts";
import { countLiveTokensForUpdate, findLa, insertToken, listLaLinks, revokeTokens, type LaLinkRow } from "../repositories/respondent-tokens-repository.ts";
import { issueInvites } from "./invite-service.ts";

export interface LinkOptions {
  publicUrl: string;
  ttlDays: number;
  actor: Pick<AuditEntry, "actor" | "actorKind">;
  now?: Date;
}

export interface IssuedLink {
  laCode: string;
  laName: string;
  link: string;
  expiresAt: Date;
  revoked: number;
}

export function listLinks(db: Queryable): Promise<LaLinkRow[]> {
  return listLaLinks(db);
}

async function laOrNotFound(db: Queryable, laCode: string) {
  const la = await findLa(db, laCode);
  if (!la) throw notFound(`laCode: no LA with code ${laCode}`);
  return la;
}

/** A first link for an LA that has none working; an LA with a live link needs a reissue instead. */
export async function issueLink(pool: pg.Pool, laCode: string, opts: LinkOptions): Promise<IssuedLink> {
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + opts.ttlDays * 86_400_000);
  return withTransaction(pool, async (client) => {
    const la = await laOrNotFound(client, laCode);
    const live = await countLiveTokensForUpdate(client, laCode);
    if (live > 0) throw conflict(`${la.laName} already has a working link; reissue it to replace it (the old one stops working)`);
    const token = generateToken();
    await insertToken(client, laCode, hashToken(token), expiresAt);
    await recordAudit(client, { ...opts.actor, action: "token.issue", laCode, details: { via: "console", expiresAt } });
    return { laCode, laName: la.laName, link: respondentLink(opts.publicUrl, token), expiresAt, revoked: 0 };
  });
}

/** Revoke every working link of the LA and issue a new one. */
export async function reissueLink(pool: pg.Pool, laCode: string, opts: LinkOptions): Promise<IssuedLink> {
  await laOrNotFound(pool, laCode);
  const { rows, revoked } = await issueInvites(pool, { publicUrl: opts.publicUrl, ttlDays: opts.ttlDays, reissue: laCode, now: opts.now, actor: opts.actor });
  const row = rows[0]!;
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + opts.ttlDays * 86_400_000);
  return { laCode, laName: row.la_name, link: row.link, expiresAt, revoked };
}

/** Stop every working link of the LA (browsers signed in with them are signed out at their next request). */
export async function revokeLink(pool: pg.Pool, laCode: string, actor: LinkOptions["actor"]): Promise<number> {
  return withTransaction(pool, async (client) => {
    const la = await laOrNotFound(client, laCode);
    const revoked = await revokeTokens(client, laCode);
    if (revoked === 0) throw conflict(`${la.laName} has no working link to revoke`);
    await recordAudit(client, { ...actor, action: "token.revoke", laCode, details: { revoked, via: "console" } });
    return revoked;
  });
}

/** Issue a link for every LA without a working one; the mail-merge CSV (la_code,la_name,region,link) and how many. */
export async function issueMissingLinksCsv(pool: pg.Pool, opts: LinkOptions): Promise<{ csv: string; issued: number }> {
  const { rows } = await issueInvites(pool, { publicUrl: opts.publicUrl, ttlDays: opts.ttlDays, now: opts.now, actor: opts.actor });
  await recordAudit(pool, { ...opts.actor, action: "links.csv_download", details: { issued: rows.length, via: "console" } });
  return { csv: stringify(rows, { header: true, columns: ["la_code", "la_name", "region", "link"] }), issued: rows.length };
}

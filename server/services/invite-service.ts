/**
 * Issue LA link tokens for mail-merge: one live token per LA. The plain token exists only in the
 * returned rows (shown once); the database keeps its sha256 hash, expiry and revocation time.
 */
import type pg from "pg";
import { AppError } from "../domain/errors.ts";
import { withTransaction } from "../repositories/queryable.ts";
import { findLa, insertToken, lasWithoutLiveToken, revokeTokens, type LaForInvite } from "../repositories/respondent-tokens-repository.ts";
import { generateToken, hashToken, respondentLink } from "../domain/responses/tokens.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";

export interface InviteRow {
  la_code: string;
  la_name: string;
  region: string;
  link: string;
}

export interface InviteOptions {
  publicUrl: string;
  ttlDays: number;
  /** Revoke this LA's live token(s) and issue a new one (only this LA is written). */
  reissue?: string;
  now?: Date;
  /** Who issues the links, for the audit trail (default: the invite command). */
  actor?: Pick<AuditEntry, "actor" | "actorKind">;
}

export async function issueInvites(pool: pg.Pool, opts: InviteOptions): Promise<{ rows: InviteRow[]; revoked: number }> {
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + opts.ttlDays * 86_400_000);
  const actor = opts.actor ?? { actor: "invite-cli", actorKind: "system" as const };
  return withTransaction(pool, async (client) => {
    let targets: LaForInvite[];
    let revoked = 0;
    if (opts.reissue) {
      const la = await findLa(client, opts.reissue);
      if (!la) throw new AppError("notFound", `No LA with code "${opts.reissue}" (use the 3-digit LA code)`);
      revoked = await revokeTokens(client, la.laCode);
      if (revoked) await recordAudit(client, { ...actor, action: "token.revoke", laCode: la.laCode, details: { revoked, via: "reissue" } });
      targets = [la];
    } else {
      targets = await lasWithoutLiveToken(client);
    }
    const rows: InviteRow[] = [];
    for (const la of targets) {
      const token = generateToken();
      await insertToken(client, la.laCode, hashToken(token), expiresAt);
      await recordAudit(client, { ...actor, action: "token.issue", laCode: la.laCode, details: { via: "links-csv", expiresAt } });
      rows.push({ la_code: la.laCode, la_name: la.laName, region: la.region, link: respondentLink(opts.publicUrl, token) });
    }
    return { rows, revoked };
  });
}

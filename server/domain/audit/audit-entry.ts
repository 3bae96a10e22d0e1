/**
 * What the append-only audit trail records (table audit_log). Anyone may call recordAudit (repositories/audit-repository.ts); pass
 * the transaction's client when inside a transaction so the entry commits or rolls back with the
 * change it describes.
 *
 * `actor` must be a pseudonymous identifier — a user id (request.user.id), a contributor/token id,
 * or "system" — never an e-mail address or a name. Keep personal data out of `details` too (refer
 * to people by id); the timeline resolves ids to names while the person's data still exists.
 */
import type { AuditAction } from "./describe-audit.ts";

export type ActorKind = "user" | "respondent" | "system" | "anonymous";

export interface AuditEntry {
  actor: string;
  actorKind: ActorKind;
  /** dotted verb, e.g. "auth.login", "auth.login_failed", "token.issue", "token.revoke", "export.download",
   *  "user.create", "response.reopen", "email.send", "contact.import" */
  action: AuditAction;
  laCode?: string | null;
  subject?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  actorKind: ActorKind;
  action: string;
  laCode: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

/** The actor of a console request. */
export function userActor(user: { id: string }): Pick<AuditEntry, "actor" | "actorKind"> {
  return { actor: user.id, actorKind: "user" };
}


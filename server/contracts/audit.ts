/** API contract of the audit trail (admin): its query and the entries it returns. */
import { Type, type Static } from "typebox";

export const AuditQuery = Type.Object({
  laCode: Type.Optional(Type.String({ pattern: "^[0-9]{3}$" })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  since: Type.Optional(Type.String({ format: "date" })),
  until: Type.Optional(Type.String({ format: "date" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  includePersonal: Type.Optional(Type.Boolean()),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntryReply = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  actorKind: Type.String(),
  actorLabel: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  laCode: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntryReply = Static<typeof AuditEntryReply>;

export const AuditListReply = Type.Object({ entries: Type.Array(AuditEntryReply) });
export type AuditListReply = Static<typeof AuditListReply>;

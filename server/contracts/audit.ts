/**
 * API contract for the audit trail page: entries newest first, each with who did what in words,
 * the LA by name and the details as short phrases (the stored fields stay alongside for scripts).
 */
import { Type, type Static } from "typebox";

export const AuditQuery = Type.Object(
  {
    laCode: Type.Optional(Type.String({ pattern: "^[0-9]{3}$" })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    since: Type.Optional(Type.String({ format: "date" })),
    until: Type.Optional(Type.String({ format: "date" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    includePersonal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AuditQueryDto = Static<typeof AuditQuery>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  actorKind: Type.String(),
  actorLabel: Nullable(Type.String()),
  action: Type.String(),
  laCode: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  /** In words, for people: */
  who: Type.String(),
  what: Type.String(),
  laName: Nullable(Type.String()),
  about: Nullable(Type.String()),
  detailWords: Type.Array(Type.String()),
});

export const AuditListReply = Type.Object({
  entries: Type.Array(AuditEntry),
  /** Every action that can be filtered on, in words. */
  actions: Type.Array(Type.Object({ action: Type.String(), label: Type.String() })),
  limit: Type.Integer(),
});
export type AuditListDto = Static<typeof AuditListReply>;
export type AuditEntryDto = Static<typeof AuditEntry>;

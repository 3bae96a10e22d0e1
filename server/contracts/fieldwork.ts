/**
 * API contract for the fieldwork dashboard: counts by status, region and LA type with the response
 * rate over time; every LA's progress; one LA's response, contributors, contacts and e-mails; and
 * one LA's history. Times are ISO 8601 strings; a time that has not happened yet is null.
 */
import { Type, type Static, type TSchema } from "typebox";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const LaCodeParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }) });

export const FieldworkStatus = Type.Union([Type.Literal("not_started"), Type.Literal("in_progress"), Type.Literal("submitted")]);

const StatusCounts = Type.Object({ not_started: Type.Integer(), in_progress: Type.Integer(), submitted: Type.Integer() });
const GroupCounts = Type.Object({ group: Type.String(), counts: StatusCounts, total: Type.Integer() });

export const FieldworkSummaryReply = Type.Object({
  total: Type.Integer(),
  totals: StatusCounts,
  byRegion: Type.Array(GroupCounts),
  byLaType: Type.Array(GroupCounts),
  overTime: Type.Array(Type.Object({ date: Type.String(), started: Type.Integer(), submitted: Type.Integer(), submittedPct: Type.Number() })),
});
export type FieldworkSummaryDto = Static<typeof FieldworkSummaryReply>;

export const LaProgress = Type.Object({
  laCode: Type.String(),
  name: Type.String(),
  region: Type.String(),
  laType: Type.String(),
  status: FieldworkStatus,
  percentComplete: Type.Integer(),
  lastActivity: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  contributors: Type.Integer(),
  contacts: Type.Integer(),
  lastEmailAt: Nullable(Type.String()),
  emailFailures: Type.Integer(),
});
export type LaProgressDto = Static<typeof LaProgress>;
export const LaProgressListReply = Type.Object({ las: Type.Array(LaProgress) });
export type LaProgressListDto = Static<typeof LaProgressListReply>;

export const LaFieldworkReply = Type.Object({
  la: Type.Object({ laCode: Type.String(), name: Type.String(), region: Type.String(), laType: Type.String() }),
  response: Type.Object({
    status: FieldworkStatus,
    percentComplete: Type.Integer(),
    surveyId: Nullable(Type.String()),
    definitionVersion: Nullable(Type.Integer()),
    startedAt: Nullable(Type.String()),
    lastSavedAt: Nullable(Type.String()),
    submittedAt: Nullable(Type.String()),
    lastActivity: Nullable(Type.String()),
    /** The saved answers as the questionnaire names them; {} before the first save. */
    data: Type.Record(Type.String(), Type.Unknown()),
  }),
  contributors: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      role: Type.String(),
      /** the work e-mail they gave (optional when answering); researchers only */
      email: Nullable(Type.String()),
      firstSeenAt: Nullable(Type.String()),
      lastSeenAt: Nullable(Type.String()),
      changes: Type.Integer(),
    }),
  ),
  contacts: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), email: Type.String(), role: Type.String(), isActive: Type.Boolean() })),
  emails: Type.Array(
    Type.Object({
      at: Nullable(Type.String()),
      kind: Type.String(),
      toAddress: Type.String(),
      outcome: Type.String(),
      error: Nullable(Type.String()),
      /** The sender's e-mail address; null for a system send or a deleted user. */
      sentBy: Nullable(Type.String()),
    }),
  ),
});
export type LaFieldworkDto = Static<typeof LaFieldworkReply>;

export const TimelineEntry = Type.Object({
  at: Type.String(),
  /** "answers", "submitted", "reopened", "repaired", or an audit action such as "token.issue". */
  kind: Type.String(),
  who: Type.String(),
  summary: Type.String(),
  changes: Type.Optional(Type.Array(Type.Object({ question: Type.String(), oldValue: Type.Unknown(), newValue: Type.Unknown() }))),
});
export const LaTimelineReply = Type.Object({ laCode: Type.String(), name: Type.String(), entries: Type.Array(TimelineEntry) });
export type LaTimelineDto = Static<typeof LaTimelineReply>;

/**
 * API contract for a release of feedback reports running in the background: POST
 * /api/admin/reports/release (not a dry run) answers 202 with the job, and the console follows it
 * with GET /api/admin/reports/release-jobs/:id (or /latest after a page reload) until it is done.
 */
import { Type, type Static } from "typebox";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ReleaseJobLa = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  /** pending: not reached yet (or, in an interrupted job, never released); failed: the report could not be made or stored. */
  state: Type.Union([Type.Literal("pending"), Type.Literal("released"), Type.Literal("skipped"), Type.Literal("failed")]),
  reason: Nullable(Type.String()),
  /** The LA's release e-mail: null until tried; off when the job sends none (see emailsOff). */
  emailState: Nullable(Type.Union([Type.Literal("sent"), Type.Literal("failed"), Type.Literal("no_contact"), Type.Literal("off")])),
  emailsSent: Type.Integer(),
  emailsFailed: Type.Integer(),
});

export const ReleaseJobReply = Type.Object({
  id: Type.Integer(),
  /** interrupted: the service stopped or restarted before the job finished; `las` says which LAs were released and which not. */
  status: Type.Union([Type.Literal("running"), Type.Literal("done"), Type.Literal("interrupted")]),
  scope: Type.Union([Type.Literal("all"), Type.Literal("list")]),
  snapshotId: Type.Integer(),
  startedBy: Nullable(Type.String()),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  /** Why an interrupted job stopped, in plain words. */
  stopReason: Nullable(Type.String()),
  /** Why no release e-mail goes out for this job (e-mail not configured, or notify false); null when they do. */
  emailsOff: Nullable(Type.String()),
  counts: Type.Object({
    total: Type.Integer(),
    pending: Type.Integer(),
    released: Type.Integer(),
    skipped: Type.Integer(),
    failed: Type.Integer(),
    emailsSent: Type.Integer(),
    emailsFailed: Type.Integer(),
  }),
  las: Type.Array(ReleaseJobLa),
});
export type ReleaseJobDto = Static<typeof ReleaseJobReply>;

export const LatestReleaseJobReply = Type.Object({ job: Nullable(ReleaseJobReply) });
export type LatestReleaseJobDto = Static<typeof LatestReleaseJobReply>;

export const ReleaseJobParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

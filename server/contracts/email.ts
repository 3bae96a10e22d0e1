/**
 * API contract for e-mail: templates (edit, preview with a real LA's details), sending a campaign in
 * the background with its progress, and the log of every send attempt.
 */
import { Type, type Static, type TSchema } from "typebox";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const LaCode = () => Type.String({ pattern: "^[0-9]{3}$" });

/** Campaigns sent from the e-mail page. */
export const TemplateKind = Type.Union([Type.Literal("invitation"), Type.Literal("reminder")]);
export type TemplateKindDto = Static<typeof TemplateKind>;
/** Every editable template: the campaigns', the e-mail sent with a feedback-report release and the Delphi panel reminder. */
export const TemplateKey = Type.Union([Type.Literal("invitation"), Type.Literal("reminder"), Type.Literal("report_release"), Type.Literal("delphi_reminder")]);
export type TemplateKeyDto = Static<typeof TemplateKey>;

export const TemplateKeyParams = Type.Object({ key: TemplateKey });
export const BatchIdParams = Type.Object({ batchId: Type.String({ format: "uuid" }) });
export const SendsQuery = Type.Object({ laCode: Type.Optional(LaCode()) });

export const TemplateBody = Type.Object(
  { subject: Type.String({ maxLength: 200 }), body: Type.String({ maxLength: 20_000 }) },
  { additionalProperties: false },
);
export type TemplateInput = Static<typeof TemplateBody>;

export const PreviewBody = Type.Object(
  {
    kind: TemplateKind,
    laCode: Type.Optional(LaCode()),
    laCodes: Type.Optional(Type.Array(LaCode(), { maxItems: 500 })),
    /** Unsaved edits to preview; default: the stored template. */
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.String({ maxLength: 20_000 })),
    deadline: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type PreviewInput = Static<typeof PreviewBody>;

export const SendBody = Type.Object(
  {
    kind: TemplateKind,
    laCodes: Type.Optional(Type.Array(LaCode(), { minItems: 1, maxItems: 500 })),
    deadline: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type SendInput = Static<typeof SendBody>;

export const Template = Type.Object({
  key: TemplateKey,
  subject: Type.String(),
  body: Type.String(),
  updatedAt: Type.String(),
  /** The user id of the last editor; null for the template shipped with the service. */
  updatedBy: Nullable(Type.String()),
  /** The placeholders this template may use (the LA e-mails share one set; the Delphi reminder has its own). */
  placeholders: Type.Array(Type.String()),
});
export type TemplateDto = Static<typeof Template>;

export const TemplatesReply = Type.Object({ templates: Type.Array(Template), placeholders: Type.Array(Type.String()), smtpConfigured: Type.Boolean() });
export type TemplatesDto = Static<typeof TemplatesReply>;
export const TemplateReply = Type.Object({ template: Template });
export type TemplateReplyDto = Static<typeof TemplateReply>;

const Skipped = Type.Array(Type.Object({ laCode: Type.String(), reason: Type.String() }));

export const PreviewReply = Type.Object({
  subject: Type.String(),
  body: Type.String(),
  /** What is wrong with the draft (unknown placeholder, no link...); null when it can be saved. */
  problem: Nullable(Type.String()),
  audience: Type.Object({ las: Type.Integer(), contacts: Type.Integer(), skipped: Skipped }),
  /** The LA the text is written for; `receives` is false when this send would not reach it (or would reach no LA at all). */
  previewedAs: Type.Object({ laCode: Type.String(), laName: Type.String(), contactName: Nullable(Type.String()), receives: Type.Boolean() }),
});
export type PreviewDto = Static<typeof PreviewReply>;

export const SendStartedReply = Type.Object({ batchId: Type.String(), las: Type.Integer(), contacts: Type.Integer(), skipped: Skipped });
export type SendStartedDto = Static<typeof SendStartedReply>;

export const BatchReply = Type.Object({
  batchId: Type.String(),
  status: Type.Union([Type.Literal("running"), Type.Literal("done"), Type.Literal("failed")]),
  kind: Type.String(),
  total: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  error: Nullable(Type.String()),
});
export type BatchDto = Static<typeof BatchReply>;

export const SendLogEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  sentBy: Nullable(Type.String()),
  sentByEmail: Nullable(Type.String()),
  kind: Type.String(),
  laCode: Nullable(Type.String()),
  contactId: Nullable(Type.String()),
  toAddress: Type.String(),
  subject: Type.String(),
  outcome: Type.String(),
  error: Nullable(Type.String()),
});
export type SendLogEntryDto = Static<typeof SendLogEntry>;
export const SendsReply = Type.Object({ sends: Type.Array(SendLogEntry) });
export type SendsDto = Static<typeof SendsReply>;

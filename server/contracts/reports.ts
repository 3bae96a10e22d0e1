/**
 * API contract for each LA's own feedback report: the report itself (served to researchers as a
 * preview and to the LA once released), the release list in the console, release and withdraw.
 * Other LAs appear only as aggregates that passed disclosure control; a withheld comparison says so
 * in `withheldReason`, in the same words every time.
 */
import { Type, type Static } from "typebox";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const LaCodeParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }) }, { additionalProperties: false });

export const GroupId = Type.Union([Type.Literal("england"), Type.Literal("region"), Type.Literal("la_type"), Type.Literal("neighbours")]);
export type GroupIdDto = Static<typeof GroupId>;

/** A comparison group as the report names it, with how many LAs in it submitted by the snapshot. */
export const ComparisonGroup = Type.Object({
  id: GroupId,
  label: Type.String(), // "England", "Region: London", "LA type: London borough", "Statistical neighbours"
  lasInGroup: Type.Integer(),
  submitted: Type.Integer(), // LAs in the group with results in the snapshot (never counting this LA)
  shown: Type.Boolean(),
  withheldReason: Nullable(Type.String()),
});

/** One share of a distribution: a band (or level) and the rounded percentage of the group's LAs in it. */
export const Share = Type.Object({ key: Type.String(), label: Type.String(), percent: Type.Integer() });

/** A comparison beside one of the LA's figures: a distribution, a position against a rounded summary, or withheld. */
export const Comparison = Type.Object({
  groupId: GroupId,
  status: Type.Union([Type.Literal("distribution"), Type.Literal("position"), Type.Literal("withheld")]),
  shares: Type.Array(Share),
  /** For "position": the middle band or level of the group and where this LA stands against it. */
  middleLabel: Nullable(Type.String()),
  position: Nullable(Type.Union([Type.Literal("ahead"), Type.Literal("level"), Type.Literal("behind")])),
  text: Type.String(), // the comparison in words: "42% Ready now, 38% Feasible with development, …" or the withheld sentence
});
export type ComparisonDto = Static<typeof Comparison>;

export const CapabilityTheme = Type.Object({
  dimensionId: Type.String(),
  name: Type.String(),
  level: Nullable(Type.Integer()),
  levelName: Type.String(),
  descriptor: Type.String(),
  nextLevelName: Nullable(Type.String()),
  nextDescriptor: Nullable(Type.String()),
  comparisons: Type.Array(Comparison),
});

export const Condition = Type.Object({ itemId: Type.String(), itemName: Type.String(), aspect: Type.String(), text: Type.String() });
export type ConditionDto = Static<typeof Condition>;

export const Improvement = Type.Object({
  indicatorId: Type.String(),
  indicatorName: Type.String(),
  fromBand: Type.String(),
  toBand: Type.String(),
  /** Every condition must hold together; worded as conditions to meet, never answers to give. */
  conditions: Type.Array(Condition),
  text: Type.String(),
});
export type ImprovementDto = Static<typeof Improvement>;

export const ReportIndicator = Type.Object({
  indicatorId: Type.String(),
  name: Type.String(),
  score: Nullable(Type.Integer()),
  band: Type.String(),
  bandLabel: Type.String(),
  comparisons: Type.Array(Comparison),
  improvement: Nullable(Improvement),
});

export const ReportArea = Type.Object({
  areaId: Type.String(),
  name: Type.String(),
  readyNow: Type.Integer(),
  indicatorCount: Type.Integer(),
  meanScore: Nullable(Type.Integer()),
  indicators: Type.Array(ReportIndicator),
});

export const AreaStanding = Type.Object({ areaId: Type.String(), name: Type.String(), text: Type.String() });
export const KeyChange = Type.Object({ text: Type.String(), indicators: Type.Integer() });

export const ContextFigure = Type.Object({
  key: Type.String(),
  label: Type.String(),
  value: Nullable(Type.Number()),
  valueText: Type.String(),
  /** Medians of every LA in the group (published figures, so no suppression applies), in group order. */
  groups: Type.Array(Type.Object({ groupId: GroupId, label: Type.String(), valueText: Type.String() })),
  source: Type.String(),
});

export const FeedbackReport = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  region: Type.String(),
  laType: Type.String(),
  title: Type.String(),
  snapshot: Type.Object({ id: Type.Integer(), takenAt: Type.String(), submittedLas: Type.Integer() }),
  rules: Type.Object({ surveyId: Type.String(), definitionVersion: Type.Integer(), rulesId: Type.String(), rulesVersion: Type.Integer() }),
  summary: Type.Object({
    standing: Type.String(),
    bandCounts: Type.Array(Type.Object({ band: Type.String(), label: Type.String(), count: Type.Integer() })),
    indicatorCount: Type.Integer(),
    strongestAreas: Type.Array(AreaStanding),
    weakestAreas: Type.Array(AreaStanding),
    keyChanges: Type.Array(KeyChange),
  }),
  groups: Type.Array(ComparisonGroup),
  capability: Type.Array(CapabilityTheme),
  areas: Type.Array(ReportArea),
  improvements: Type.Array(Improvement),
  context: Type.Array(ContextFigure),
  ofsted: Type.Object({ judgement: Nullable(Type.String()), asAt: Nullable(Type.String()) }),
  completeness: Type.Object({ items: Type.Integer(), itemsWithDontKnow: Type.Integer(), text: Type.String() }),
  methodNotes: Type.Array(Type.String()),
  confidentiality: Type.String(),
});
export type FeedbackReportDto = Static<typeof FeedbackReport>;

/** The console's release list: one row per LA with a response. */
export const ReleaseRow = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  region: Type.String(),
  responseStatus: Type.String(),
  releasedVersion: Nullable(Type.Integer()),
  releasedAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  /** The national snapshot the live report was built on (null when none is live): a release skips an LA already released on the current one. */
  snapshotId: Nullable(Type.Integer()),
  /** The LA's read-only report links: how many work now, when one was last used, when the live ones stop working. */
  reportLinks: Type.Object({ live: Type.Integer(), lastUsedAt: Nullable(Type.String()), expiresAt: Nullable(Type.String()) }),
});
export const ReleaseListReply = Type.Object({
  snapshot: Nullable(Type.Object({ id: Type.Integer(), takenAt: Type.String(), submittedLas: Type.Integer() })),
  las: Type.Array(ReleaseRow),
  /** Whether this server sends e-mail (SMTP_HOST set): if so, a release e-mails each released LA's active contacts. */
  smtpConfigured: Type.Boolean(),
});
export type ReleaseListDto = Static<typeof ReleaseListReply>;

export const ReleaseBody = Type.Object(
  {
    all: Type.Optional(Type.Boolean()),
    laCodes: Type.Optional(Type.Array(Type.String({ pattern: "^[0-9]{3}$" }), { minItems: 1, maxItems: 200 })),
    dryRun: Type.Optional(Type.Boolean()),
    /** Take a new national snapshot for everyone instead of reusing the current one (recorded). */
    newSnapshot: Type.Optional(Type.Boolean()),
    /** E-mail each released LA's contacts its report link (default true; needs SMTP). */
    notify: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReleaseBodyDto = Static<typeof ReleaseBody>;
/** The release e-mails: null when none were due (dry run, notify false, nothing released). */
export const ReleaseEmails = Nullable(
  Type.Object({
    sent: Type.Integer(),
    failed: Type.Integer(),
    /** Released LAs with no active contact: nobody was e-mailed. */
    noContact: Type.Array(Type.String()),
    /** Why nothing was sent at all (e-mail not configured), else null. */
    notSent: Nullable(Type.String()),
  }),
);
export type ReleaseEmailsDto = Static<typeof ReleaseEmails>;
export const ReleaseReply = Type.Object({
  released: Type.Array(Type.String()),
  skipped: Type.Array(Type.Object({ laCode: Type.String(), reason: Type.String() })),
  dryRun: Type.Boolean(),
  snapshotId: Nullable(Type.Integer()),
  emails: Type.Optional(ReleaseEmails),
});
export type ReleaseReplyDto = Static<typeof ReleaseReply>;

export const WithdrawBody = Type.Object(
  { laCodes: Type.Array(Type.String({ pattern: "^[0-9]{3}$" }), { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export const WithdrawReply = Type.Object({ withdrawn: Type.Array(Type.String()), skipped: Type.Array(Type.Object({ laCode: Type.String(), reason: Type.String() })) });

/** The report page posts the token from its link's #fragment once, for an HttpOnly session cookie. */
export const ReportSessionBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: "The token from the report link's #fragment" }) },
  { additionalProperties: false },
);
export const ReportSessionReply = Type.Object({ la: Type.Object({ code: Type.String(), name: Type.String() }) });
export type ReportSessionDto = Static<typeof ReportSessionReply>;
export const RevokeReportLinksReply = Type.Object({ laCode: Type.String(), revoked: Type.Integer() });

/** The release e-mail for one LA as its first active contact would get it (the link is made at release). */
export const ReleaseEmailPreviewReply = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  recipients: Type.Array(Type.Object({ name: Type.String(), email: Type.String() })),
  smtpConfigured: Type.Boolean(),
});
export type ReleaseEmailPreviewDto = Static<typeof ReleaseEmailPreviewReply>;

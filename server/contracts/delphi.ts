/**
 * API contract of the Delphi consultation and the framework view. Researcher routes under
 * /api/admin/delphi (session + CSRF); panellist routes under /api/delphi (Authorization: Bearer
 * <link token>). Ratings are plain JSON values here so that a bad one reaches the service and is
 * refused as 422 naming the item.
 */
import { Type, type Static } from "typebox";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NullableNumber = Nullable(Type.Number());
const Consensus = Type.Union([Type.Literal("in"), Type.Literal("out"), Type.Literal("none")]);

export const IdParams = Type.Object({ id: Type.String({ pattern: "^[0-9]{1,18}$" }) }, { additionalProperties: false });
export const PanellistParams = Type.Object({ id: Type.String({ pattern: "^[0-9]{1,18}$" }), pid: Type.String({ pattern: "^[0-9]{1,18}$" }) }, { additionalProperties: false });
export const CommentParams = Type.Object(
  { id: Type.String({ pattern: "^[0-9]{1,18}$" }), cid: Type.String({ pattern: "^[0-9]{1,18}-[0-9]{1,18}-[0-9]{1,18}$" }), action: Type.Union([Type.Literal("approve"), Type.Literal("redact")]) },
  { additionalProperties: false },
);
export const OkReply = Type.Object({ ok: Type.Boolean() });
export const IdReply = Type.Object({ id: Type.String() });

export const CreateStudyBody = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const StakeholderGroup = Type.Object({ key: Type.String({ maxLength: 40 }), label: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });
export const Settings = Type.Object(
  {
    groups: Type.Array(StakeholderGroup, { maxItems: 20 }),
    consensus: Type.Object(
      {
        scope: Type.Union([Type.Literal("groupsAndOverall"), Type.Literal("overallOnly")]),
        inMinPctHigh: Type.Number(),
        inMaxPctLow: Type.Number(),
        outMinPctLow: Type.Number(),
        outMaxPctHigh: Type.Number(),
        minGroupRaters: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    stopping: Type.Object(
      {
        maxRounds: Type.Integer(),
        stabilityThresholdPct: Type.Number(),
        stopWhen: Type.Optional(Type.Union([Type.Literal("consensusOrStable"), Type.Literal("consensusAndStable"), Type.Literal("stable")])),
      },
      { additionalProperties: false },
    ),
    /** optional for scripts written before it existed: 24 hours when absent */
    reminders: Type.Optional(
      Type.Object(
        { minIntervalHours: Type.Number({ description: "hours before the same panellist can be reminded again in the same round (whole number, 1-336)" }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SettingsDto = Static<typeof Settings>;
export const SettingsReply = Type.Object({ settings: Settings, rulesVersion: Type.Integer(), rulesLocked: Type.Boolean() });

export const StudySummary = Type.Object({ id: Type.String(), title: Type.String(), createdAt: Type.String(), panellists: Type.Integer(), rounds: Type.Integer() });
export const ListStudiesReply = Type.Object({ studies: Type.Array(StudySummary) });
export type ListStudiesDto = Static<typeof ListStudiesReply>;

export const Item = Type.Object({
  id: Type.String(),
  indicatorId: Nullable(Type.String()),
  name: Type.String(),
  definition: Type.String(),
  outcomeArea: Type.String(),
  origin: Type.String(),
  derivedFrom: Type.Array(Type.String()),
});
export const ItemBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    definition: Type.String({ maxLength: 4000 }),
    outcomeArea: Type.String({ maxLength: 200 }),
    derivedFrom: Type.Optional(Type.Array(Type.String({ pattern: "^[0-9]{1,18}$" }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const Panellist = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  group: Type.String(),
  consentAt: Nullable(Type.String()),
  revoked: Type.Boolean(),
  /** when the panellist was last sent a reminder (any round); null when never */
  lastRemindedAt: Nullable(Type.String()),
});
export const RoundGroupProgress = Type.Object({ group: Type.String(), label: Type.String(), invited: Type.Integer(), submitted: Type.Integer() });
export const Round = Type.Object({
  number: Type.Integer(),
  itemIds: Type.Array(Type.String()),
  eligible: Type.String(),
  openedAt: Type.String(),
  closesAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  open: Type.Boolean(),
  invited: Type.Integer(),
  submitted: Type.Integer(),
  byGroup: Type.Array(RoundGroupProgress),
});
export type RoundDto = Static<typeof Round>;
export const StudyReply = Type.Object({
  id: Type.String(),
  title: Type.String(),
  settings: Settings,
  rulesVersion: Type.Integer(),
  rulesLocked: Type.Boolean(),
  items: Type.Array(Item),
  panellists: Type.Array(Panellist),
  rounds: Type.Array(Round),
});
export type StudyDto = Static<typeof StudyReply>;

export const AddPanellistsBody = Type.Object(
  {
    panellists: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.String({ minLength: 3, maxLength: 254, pattern: "^[^\\s@]+@[^\\s@]+$" }),
          group: Type.String({ maxLength: 40 }),
          consent: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export const AddPanellistsReply = Type.Object({ panellists: Type.Array(Type.Object({ id: Type.String(), group: Type.String(), link: Type.String() })) });

export const OpenRoundBody = Type.Object(
  {
    items: Type.Optional(Type.Union([Type.Literal("all"), Type.Literal("noConsensus"), Type.Array(Type.String({ pattern: "^[0-9]{1,18}$" }), { minItems: 1, maxItems: 1000 })])),
    eligible: Type.Optional(Type.Union([Type.Literal("all"), Type.Literal("previousCompleters")])),
    closesAt: Type.Optional(Type.String({ format: "date-time" })),
  },
  { additionalProperties: false },
);
export const RoundReply = Type.Object({ round: Round });

const Summary = {
  nRated: Type.Integer(),
  nUnable: Type.Integer(),
  median: NullableNumber,
  q1: NullableNumber,
  q3: NullableNumber,
  pct1to3: NullableNumber,
  pct4to6: NullableNumber,
  pct7to9: NullableNumber,
  distribution: Type.Array(Type.Integer()),
};
export const GroupResult = Type.Object({ group: Type.String(), nInvited: Type.Integer(), nResponded: Type.Integer(), ...Summary, consensus: Nullable(Consensus) });
export const ItemRoundResult = Type.Object({
  round: Type.Integer(),
  nInvited: Type.Integer(),
  nResponded: Type.Integer(),
  ...Summary,
  stability: NullableNumber,
  byGroup: Type.Array(GroupResult),
  consensus: Consensus,
  consensusOverallOnly: Consensus,
  disagreement: Nullable(
    Type.Object({ p30: Type.Number(), p70: Type.Number(), ipr: Type.Number(), asymmetry: Type.Number(), ipras: Type.Number(), index: Type.Number(), disagree: Type.Boolean() }),
  ),
  consensusRandUcla: Consensus,
});
export const ItemStopping = Type.Object({ round: Nullable(Type.Integer()), stopped: Type.Boolean(), consensusReached: Type.Boolean(), stable: Nullable(Type.Boolean()), sentence: Type.String() });
const AttritionFigures = {
  invited: Type.Integer(),
  responded: Type.Integer(),
  previousResponded: Nullable(Type.Integer()),
  retained: Nullable(Type.Integer()),
  attritionPct: NullableNumber,
};
export const RoundAttrition = Type.Object({ round: Type.Integer(), ...AttritionFigures, byGroup: Type.Array(Type.Object({ group: Type.String(), ...AttritionFigures })) });
export const ResultsReply = Type.Object({
  ruleVersion: Type.Integer(),
  stopping: Type.Object({
    close: Type.Boolean(),
    roundsHeld: Type.Integer(),
    maxRounds: Type.Integer(),
    itemsStopped: Type.Integer(),
    itemsContinuing: Type.Integer(),
    sentence: Type.String(),
  }),
  attrition: Type.Array(RoundAttrition),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      rounds: Type.Array(ItemRoundResult),
      stopping: ItemStopping,
      attritionBias: Nullable(
        Type.Object({
          stayed: Type.Object({ n: Type.Integer(), median: NullableNumber, pct7to9: NullableNumber }),
          left: Type.Object({ n: Type.Integer(), median: NullableNumber, pct7to9: NullableNumber }),
        }),
      ),
      decision: Nullable(Type.Object({ decision: Type.String(), reason: Type.String() })),
    }),
  ),
});
export type ResultsDto = Static<typeof ResultsReply>;

export const Comment = Type.Object({ id: Type.String(), round: Type.Integer(), itemId: Type.String(), itemName: Type.String(), group: Type.String(), text: Type.String(), status: Type.String() });
export const CommentsReply = Type.Object({ comments: Type.Array(Comment) });
export type CommentDto = Static<typeof Comment>;

export const DecisionBody = Type.Object(
  { itemId: Type.String({ pattern: "^[0-9]{1,18}$" }), decision: Type.String({ maxLength: 20 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const FrameworkQuery = Type.Object({ delphi: Type.String({ pattern: "^[0-9]{1,18}$" }) }, { additionalProperties: false });
export const FrameworkReply = Type.Object({
  snapshot: Type.Object({ surveyId: Type.String(), definitionVersion: Type.Integer(), scoringRulesVersion: Type.Integer(), submittedLas: Type.Integer() }),
  rulesVersion: Type.Integer(),
  consensusRuleVersion: Type.Integer(),
  rules: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), when: Type.String() })),
  indicators: Type.Array(
    Type.Object({
      id: Type.String(),
      indicatorId: Nullable(Type.String()),
      name: Type.String(),
      importance: Type.Object({ kind: Type.String(), label: Type.String(), round: Nullable(Type.Integer()), pct7to9: NullableNumber }),
      feasibility: Nullable(
        Type.Object({
          n: Type.Integer(),
          readyNow: Type.Integer(),
          feasibleWithDevelopment: Type.Integer(),
          notFeasibleNow: Type.Integer(),
          notEnoughInformation: Type.Integer(),
          pctReadyNow: Type.Number(),
          pctFeasibleWithDevelopment: Type.Number(),
          pctNotFeasibleNow: Type.Number(),
          pctNotEnoughInformation: Type.Number(),
        }),
      ),
      recommendation: Type.String(),
      recommendationLabel: Type.String(),
      reason: Type.String(),
    }),
  ),
});
export type FrameworkDto = Static<typeof FrameworkReply>;

// ---- panellist ----
export const PanellistSessionBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200, description: "The token from the link's #fragment" }) }, { additionalProperties: false });
const RatingValue = Type.Union([Type.Integer(), Type.Literal("unable"), Type.Null()]);
export const Feedback = Type.Object({
  median: NullableNumber,
  q1: NullableNumber,
  q3: NullableNumber,
  nRated: Type.Integer(),
  distribution: Type.Array(Type.Integer()),
  byGroup: Type.Array(Type.Object({ group: Type.String(), label: Type.String(), median: NullableNumber, q1: NullableNumber, q3: NullableNumber, nRated: Type.Integer(), distribution: Type.Array(Type.Integer()) })),
  yourPrevious: RatingValue,
  comments: Type.Array(Type.String()),
});
export const PanellistRoundReply = Type.Object({
  study: Type.String(),
  round: Nullable(Type.Object({ number: Type.Integer(), closesAt: Nullable(Type.String()), submitted: Type.Boolean() })),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      definition: Type.String(),
      outcomeArea: Type.String(),
      rating: RatingValue,
      comment: Type.String(),
      feedback: Nullable(Feedback),
    }),
  ),
});
export type PanellistRoundDto = Static<typeof PanellistRoundReply>;
export const PutRatingsBody = Type.Object(
  {
    ratings: Type.Record(Type.String({ maxLength: 20 }), Type.Unknown(), { maxProperties: 1000 }),
    comments: Type.Optional(Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 4000 }), { maxProperties: 1000 })),
  },
  { additionalProperties: false },
);
export type PutRatingsDto = Static<typeof PutRatingsBody>;

// ---- proposals ----
export const ProposalParams = Type.Object(
  { id: Type.String({ pattern: "^[0-9]{1,18}$" }), pid: Type.String({ pattern: "^[0-9]{1,18}$" }), action: Type.Union([Type.Literal("accept"), Type.Literal("merge"), Type.Literal("decline")]) },
  { additionalProperties: false },
);
export const ProposalDecisionBody = Type.Object(
  { reason: Type.String({ maxLength: 2000 }), itemId: Type.Optional(Type.String({ pattern: "^[0-9]{1,18}$" })) },
  { additionalProperties: false },
);
export const ProposalDecisionReply = Type.Object({ itemId: Nullable(Type.String()) });
export const Proposal = Type.Object({
  id: Type.String(),
  name: Type.String(),
  rationale: Type.String(),
  status: Type.String(),
  reason: Nullable(Type.String()),
  itemId: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type ProposalDto = Static<typeof Proposal>;
export const ProposalsReply = Type.Object({ proposals: Type.Array(Proposal) });
export const ProposeBody = Type.Object({ name: Type.String({ maxLength: 300 }), rationale: Type.String({ maxLength: 4000 }) }, { additionalProperties: false });

// ---- reminders ----
export const RemindReply = Type.Object({ round: Type.Integer(), sent: Type.Integer(), failed: Type.Integer(), skippedRecent: Type.Integer(), sentence: Type.String() });
export type RemindDto = Static<typeof RemindReply>;

/** The results as CSV with a codebook: personal data only for an admin who says why (recorded in the audit trail). */
export const CsvExportBody = Type.Object(
  {
    includePersonal: Type.Optional(Type.Boolean({ description: "add panellists' names, e-mail addresses and groups (admin only, with a reason; erased panellists never appear)" })),
    reason: Type.Optional(Type.String({ maxLength: 500, description: "why personal data is needed (required with includePersonal)" })),
  },
  { additionalProperties: false },
);
export type CsvExportBodyDto = Static<typeof CsvExportBody>;

/** The Delphi reminder e-mail previewed from the stored template or unsaved edits, for a study's panel when one is named. */
export const ReminderPreviewBody = Type.Object(
  {
    studyId: Type.Optional(Type.String({ pattern: "^[0-9]{1,18}$" })),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
);
export const ReminderPreviewReply = Type.Object({
  subject: Type.String(),
  body: Type.String(),
  /** what is wrong with the draft (unknown placeholder, no link...); null when it can be saved */
  problem: Nullable(Type.String()),
  previewedAs: Type.Object({ studyId: Nullable(Type.String()), studyTitle: Nullable(Type.String()), panellistName: Type.String(), round: Type.Integer() }),
});
export type ReminderPreviewDto = Static<typeof ReminderPreviewReply>;

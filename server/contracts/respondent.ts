import { Type, type Static } from "typebox";

export const ErrorSchema = Type.Object(
  { statusCode: Type.Integer(), error: Type.String(), message: Type.String() },
  { additionalProperties: true },
);

export const ContributorSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: "The person answering (asked once per browser)" }),
    role: Type.String({ minLength: 1, maxLength: 120, description: "Their role, e.g. Head of performance" }),
    email: Type.Optional(
      Type.String({
        maxLength: 254,
        format: "email",
        description: "Their work e-mail (optional; absent keeps the one already given). Shown only to researchers, never to colleagues.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const UiStateSchema = Type.Object(
  {
    currentPageNo: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    currentPageName: Type.Optional(Type.String({ maxLength: 200 })),
    survey: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "SurveyJS `uiState`" })),
  },
  { additionalProperties: false, description: "Where the respondent is in the survey; stored so any device resumes on the same page." },
);

export const SessionBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: "The token from the link's #fragment" }) },
  { additionalProperties: false },
);

export const SessionReply = Type.Object({ la: Type.Object({ code: Type.String(), name: Type.String() }) });

const CHANGE_KEYS_DOC =
  "Keys address fields: `<question>` sets a whole answer (null clears it); `<question>-Comment` sets a comment/other text; " +
  "`<matrix>.<row>` sets one row of a `matrix` (the column value) or `matrixdropdown` (an object {column: cell value}), e.g. " +
  '`"items_safe.di_referral_date": {"recorded": "structured"}`. `"<matrix>": {row: value, ...}` sets only the listed rows; ' +
  '`"<matrix>": null` clears every row. Rows are merged separately, so colleagues can fill different rows of one matrix at once.';

export const PatchBody = Type.Object(
  {
    changes: Type.Record(Type.String({ maxLength: 300 }), Type.Unknown(), { description: CHANGE_KEYS_DOC }),
    contributor: ContributorSchema,
    uiState: Type.Optional(UiStateSchema),
  },
  { additionalProperties: false },
);

export const EditedBySchema = Type.Object({
  name: Type.String(),
  role: Type.String(),
  at: Type.String({ description: "When they changed it (ISO time)" }),
});

export const PatchReply = Type.Object({
  version: Type.Integer({ description: "The new response version: send it as If-Match with the next save" }),
  updates: Type.Record(Type.String(), Type.Unknown(), {
    description: "Fields colleagues changed since the If-Match version (same key format as `changes`), with their current values (null = cleared)",
  }),
  updatedBy: Type.Record(Type.String(), EditedBySchema, { description: "Who last changed each field in `updates`, and when" }),
});

export const ConflictReply = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    version: Type.Optional(Type.Integer()),
    conflicts: Type.Optional(
      Type.Array(
        Type.Object({
          question: Type.String({ description: "The change key in conflict" }),
          yours: Type.Unknown(),
          theirs: Type.Unknown({ description: "The value someone else saved after your If-Match version" }),
          by: Type.Optional(Type.Union([EditedBySchema, Type.Null()], { description: "Who saved `theirs`, and when (null if unknown)" })),
        }),
      ),
    ),
  },
  { additionalProperties: true, description: "Conflicting changes (nothing saved), or the response is already submitted" },
);

export const ValidationErrorReply = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    errors: Type.Array(
      Type.Object({ question: Type.String(), message: Type.String(), page: Type.Optional(Type.String()) }),
    ),
  },
  { additionalProperties: true },
);

export const UnreadableAnswerSchema = Type.Object({
  key: Type.String({ description: "The stored key (question, question-Comment or matrix.row)" }),
  label: Type.String({ description: "The question's wording" }),
  message: Type.String(),
});

export const ResponseReply = Type.Object({
  la: Type.Object({ code: Type.String(), name: Type.String() }),
  definition: Type.Object({ id: Type.String(), version: Type.Integer() }),
  data: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer(),
  status: Type.Union([Type.Literal("not_started"), Type.Literal("in_progress"), Type.Literal("submitted")]),
  contributors: Type.Array(Type.Object({ name: Type.String(), role: Type.String(), lastSeenAt: Type.String() })),
  uiState: Type.Record(Type.String(), Type.Unknown()),
  lastSavedAt: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  submittedBy: Type.Union([Type.String(), Type.Null()]),
  lastEdits: Type.Record(Type.String(), Type.Object({ name: Type.String(), role: Type.String(), at: Type.String() }), {
    description: "Who last changed each field (same keys as PATCH `changes`), and when",
  }),
  unreadable: Type.Array(UnreadableAnswerSchema, {
    description: "Stored answers left out of `data` because they no longer fit the questionnaire (the rest is shown)",
  }),
});

export const SubmitBody = Type.Object({ contributor: ContributorSchema }, { additionalProperties: false });
export const SubmitReply = Type.Object({ submittedAt: Type.String(), submittedBy: Type.String(), version: Type.Integer() });

/** An LA response's change history (researchers). */
export const HistoryReply = Type.Object({
  laCode: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      version: Type.Integer(),
      question: Type.String(),
      oldValue: Type.Unknown(),
      newValue: Type.Unknown(),
      contributor: Type.Union([Type.Object({ name: Type.String(), role: Type.String() }), Type.Null()]),
      source: Type.String(),
      changedAt: Type.String(),
    }),
  ),
  events: Type.Array(Type.Object({ kind: Type.String(), at: Type.String(), actorEmail: Type.Union([Type.String(), Type.Null()]) })),
});

export const ReopenParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }) });
export const ReopenBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export const ReopenReply = Type.Object({ laCode: Type.String(), status: Type.String() });

export const RepairBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, description: "Why the unreadable answers are removed (kept in the history)" }) },
  { additionalProperties: false },
);
export const UnreadableReply = Type.Object({ laCode: Type.String(), unreadable: Type.Array(UnreadableAnswerSchema) });
export const RepairReply = Type.Object({ laCode: Type.String(), version: Type.Integer(), removed: Type.Array(UnreadableAnswerSchema) });

export type Contributor = Static<typeof ContributorSchema>;
export type UiState = Static<typeof UiStateSchema>;
export type ResponseReply = Static<typeof ResponseReply>;
export type PatchBody = Static<typeof PatchBody>;
export type PatchReply = Static<typeof PatchReply>;
export type SessionReply = Static<typeof SessionReply>;
export type SubmitReply = Static<typeof SubmitReply>;
export type Conflict = NonNullable<Static<typeof ConflictReply>["conflicts"]>[number];
export type EditedBy = Static<typeof EditedBySchema>;

/**
 * API contract for question results: the questionnaire's questions by page, and for one question
 * the counts and percentages per answer option overall, by region and by LA type, with free-text
 * answers (researcher role only).
 */
import { Type, type Static, type TSchema } from "typebox";

export const ResultsStatus = Type.Union([Type.Literal("submitted"), Type.Literal("all")], {
  description: "submitted: submitted responses only (default); all: submitted and in progress",
});
export const ResultsQuery = Type.Object({ status: Type.Optional(ResultsStatus) }, { additionalProperties: false });
export const QuestionParams = Type.Object({ question: Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]{0,99}$" }) }, { additionalProperties: false });

const Kind = Type.Union([Type.Literal("single"), Type.Literal("multiple"), Type.Literal("matrix"), Type.Literal("number"), Type.Literal("text")]);

export const QuestionListReply = Type.Object({
  surveyTitle: Type.String(),
  definitionVersion: Type.Integer(),
  status: ResultsStatus,
  respondents: Type.Integer(),
  pages: Type.Array(
    Type.Object({
      title: Type.String(),
      questions: Type.Array(Type.Object({ name: Type.String(), title: Type.String(), kind: Kind })),
    }),
  ),
  /** Questions asking for a person's contact details: never summarised or listed here. */
  personalLeftOut: Type.Array(Type.String()),
});
export type QuestionListDto = Static<typeof QuestionListReply>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Tally = Type.Object({
  group: Type.String(),
  las: Type.Integer(),
  base: Type.Integer(),
  small: Type.Boolean(),
  counts: Type.Array(Type.Integer()),
  percents: Type.Array(Nullable(Type.Number())),
  dontKnow: Type.Integer(),
  notAsked: Type.Integer(),
  notAnswered: Type.Integer(),
  numbers: Type.Optional(
    Nullable(Type.Object({ median: Type.Number(), mean: Type.Number(), min: Nullable(Type.Number()), max: Nullable(Type.Number()) })),
  ),
});
export type TallyDto = Static<typeof Tally>;

const LaRefs = Type.Array(Type.Object({ laCode: Type.String(), laName: Type.String() }));

const Part = Type.Object({
  id: Type.String(),
  label: Type.String(),
  options: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
  /** Which LAs gave each answer: researchers only. */
  las: Type.Optional(Type.Object({ options: Type.Array(LaRefs), dontKnow: LaRefs, notAsked: LaRefs, notAnswered: LaRefs })),
  overall: Tally,
  byRegion: Type.Array(Tally),
  byLaType: Type.Array(Tally),
  withheldRegions: Type.Optional(Type.Array(Type.String())),
  withheldLaTypes: Type.Optional(Type.Array(Type.String())),
});
export type PartDto = Static<typeof Part>;

export const QuestionResultReply = Type.Object({
  name: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  page: Type.String(),
  kind: Kind,
  status: ResultsStatus,
  respondents: Type.Integer(),
  /** False for the viewer role: aggregates only, small groups withheld, no free text. */
  detail: Type.Boolean(),
  smallGroupThreshold: Type.Integer(),
  parts: Type.Array(Part),
  freeText: Type.Array(
    Type.Object({
      laCode: Type.String(),
      laName: Type.String(),
      region: Type.String(),
      laType: Type.String(),
      where: Nullable(Type.String()),
      text: Type.String(),
    }),
  ),
  previous: Nullable(Type.Object({ name: Type.String(), title: Type.String() })),
  next: Nullable(Type.Object({ name: Type.String(), title: Type.String() })),
});
export type QuestionResultDto = Static<typeof QuestionResultReply>;

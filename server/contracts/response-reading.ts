/**
 * API contract for reading one LA's response in words: answers page by page with the question
 * wording and answer labels (a matrix as items × aspects), who last changed each, and the history
 * as sentences with autosave bursts folded together.
 */
import { Type, type Static } from "typebox";

export const ReadLaParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$", description: "the 3-digit LA code" }) }, { additionalProperties: false });

const When = Type.Union([Type.String(), Type.Null()]);
const LastEdit = Type.Union([Type.Object({ name: Type.String(), role: Type.String(), at: Type.String() }), Type.Null()]);

const ReadableQuestion = Type.Object({
  name: Type.String(),
  title: Type.String(),
  state: Type.Union([Type.Literal("answered"), Type.Literal("unanswered"), Type.Literal("not_asked")]),
  answer: Type.Union([Type.String(), Type.Null()]),
  other: Type.Union([Type.String(), Type.Null()]),
  matrix: Type.Union([
    Type.Object({
      columns: Type.Array(Type.String()),
      rows: Type.Array(Type.Object({ title: Type.String(), cells: Type.Array(Type.String()), lastEdit: LastEdit })),
    }),
    Type.Null(),
  ]),
  lastEdit: LastEdit,
});
export type ReadableQuestionDto = Static<typeof ReadableQuestion>;

const ReadablePage = Type.Object({
  name: Type.String(),
  title: Type.String(),
  answered: Type.Integer(),
  questions: Type.Array(ReadableQuestion),
  /** who answered the page: who last changed each of its answers, with how many, most first */
  answeredBy: Type.Array(Type.Object({ name: Type.String(), role: Type.String(), answers: Type.Integer() })),
  /** the newest change to an answer on the page */
  lastChangeAt: When,
  /** the page was handed to a colleague in the LA ("Handed to Sam Jones: not opened yet") */
  handoff: Type.Union([Type.String(), Type.Null()]),
});
export type ReadablePageDto = Static<typeof ReadablePage>;

const HistoryEntry = Type.Object({
  at: Type.String(),
  /** "answers" for answer changes; otherwise the event or audit action ("submitted", "reopened", "token.issue"…) */
  kind: Type.String(),
  who: Type.String(),
  text: Type.String(),
  /** answer saves folded into this entry (1 for anything else) */
  saves: Type.Integer(),
});
export type HistoryEntryDto = Static<typeof HistoryEntry>;

export const ReadableResponseReply = Type.Object({
  la: Type.Object({ laCode: Type.String(), name: Type.String(), region: Type.String(), laType: Type.String() }),
  status: Type.String(),
  definitionVersion: Type.Union([Type.Integer(), Type.Null()]),
  submittedAt: When,
  lastSavedAt: When,
  pages: Type.Array(ReadablePage),
  history: Type.Array(HistoryEntry),
});
export type ReadableResponseDto = Static<typeof ReadableResponseReply>;

/**
 * API contract for kept case-study selection runs: every run, saved or not, listed newest first,
 * read back in full (to reload it into the form and results), and saved as its wave's selection
 * exactly as it was shown; and the LAs whose fieldwork record says they declined a case study.
 * `request` is what the run was asked (wave, k, seed, weights, constraints, declines, small-LA rule,
 * whether recorded declines were left out); `result` is the selection result as the run returned it.
 */
import { Type, type Static } from "typebox";
import { RunRequestEcho, SelectionParameters, SelectionResult } from "./case-studies.ts";

export const RunIdParams = Type.Object({ id: Type.String({ pattern: "^[0-9]{1,18}$", description: "a kept run's id" }) }, { additionalProperties: false });

export const ListRunsQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false });

export const KeptRunSummary = Type.Object({
  id: Type.String(),
  wave: Type.Union([Type.Literal(1), Type.Literal(2)]),
  k: Type.Integer(),
  seed: Type.Integer(),
  objective: Type.Number(),
  note: Type.Union([Type.String(), Type.Null()]),
  /** the saved selection this run became, if it was saved */
  savedSelectionId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** a console user's e-mail, or "command line" */
  createdByLabel: Type.Union([Type.String(), Type.Null()]),
  picks: Type.Array(Type.Object({ laCode: Type.String(), laName: Type.String() })),
  request: RunRequestEcho,
});
export type KeptRunSummaryDto = Static<typeof KeptRunSummary>;

export const ListRunsReply = Type.Object({ runs: Type.Array(KeptRunSummary) });
export type ListRunsDto = Static<typeof ListRunsReply>;

export const KeptRunReply = Type.Object({
  run: Type.Intersect([KeptRunSummary, Type.Object({ parameters: SelectionParameters, result: SelectionResult })]),
});
export type KeptRunDto = Static<typeof KeptRunReply>;

export const SaveRunReply = Type.Object({ runId: Type.String(), savedSelectionId: Type.String(), createdAt: Type.String() });
export type SaveRunDto = Static<typeof SaveRunReply>;

export const RecordedDecline = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Type.String(),
});
export type RecordedDeclineDto = Static<typeof RecordedDecline>;

export const DeclinesReply = Type.Object({ declines: Type.Array(RecordedDecline) });
export type DeclinesDto = Static<typeof DeclinesReply>;

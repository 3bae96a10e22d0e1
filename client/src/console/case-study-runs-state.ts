/**
 * The runs made on the case-study page this session: which one is shown and which two are compared.
 * A new run is shown at once and compared with the run before it.
 */
import type { RunReply, SelectionResult } from "../../../server/contracts/case-studies.ts";
import type { RunRequest } from "./case-study-run-form-state.ts";

export type RunResponse = RunReply;

export interface Run {
  n: number;
  request: RunRequest;
  result: SelectionResult;
  saved: RunReply["saved"];
  note?: string;
}

export interface RunsState {
  runs: Run[];
  shown: number | null;
  compareA: number | null;
  compareB: number | null;
}

export type RunsAction =
  | { type: "added"; run: Run }
  | { type: "saved"; n: number; response: RunResponse }
  | { type: "show"; n: number }
  | { type: "compare"; side: "a" | "b"; n: number };

export const NO_RUNS: RunsState = { runs: [], shown: null, compareA: null, compareB: null };

export function runsReducer(state: RunsState, action: RunsAction): RunsState {
  switch (action.type) {
    case "added":
      return {
        runs: [...state.runs, action.run],
        shown: action.run.n,
        compareA: state.runs.at(-1)?.n ?? null,
        compareB: action.run.n,
      };
    case "saved":
      return {
        ...state,
        runs: state.runs.map((x) => (x.n === action.n ? { ...x, saved: action.response.saved, result: action.response.result } : x)),
      };
    case "show":
      return { ...state, shown: action.n };
    case "compare":
      return action.side === "a" ? { ...state, compareA: action.n } : { ...state, compareB: action.n };
  }
}

/** The number the next run gets. */
export function nextRunNumber(state: RunsState): number {
  return (state.runs.at(-1)?.n ?? 0) + 1;
}

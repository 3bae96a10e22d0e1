/**
 * Kept runs as the case-study page holds them: every run is kept by the server (saved or not), so
 * the page lists them from GET /api/admin/case-studies/runs and reads one in full by id. The run
 * shown and the two compared are in the address (?run=, ?a=, ?b=).
 */
import type { RunReply, SelectionParameters, SelectionResult } from "../../../server/contracts/case-studies.ts";
import type { StoredRequest } from "./case-study-run-form-state.ts";
import type { KeptRunDto, KeptRunSummaryDto } from "../../../server/contracts/case-study-runs.ts";

/** What a run resolved its request to. */
export type RunParameters = SelectionParameters;

export interface Run {
  id: string;
  request: StoredRequest;
  result: SelectionResult;
  parameters: RunParameters;
  savedSelectionId: string | null;
  note: string | null;
  createdAt: string;
  createdByLabel: string | null;
}

export type RunSummary = Omit<KeptRunSummaryDto, "request"> & { request: StoredRequest };

/** The reply of POST /api/admin/case-studies. */
export type RunResponse = RunReply;

export function runFromReply(r: KeptRunDto["run"]): Run {
  return {
    id: r.id,
    request: r.request as StoredRequest,
    result: r.result,
    parameters: r.parameters,
    savedSelectionId: r.savedSelectionId,
    note: r.note,
    createdAt: r.createdAt,
    createdByLabel: r.createdByLabel,
  };
}

export function runFromResponse(res: RunResponse, note: string | null, createdByLabel: string | null): Run {
  return {
    id: res.run.id,
    request: res.run.request as StoredRequest,
    result: res.result,
    parameters: res.parameters,
    savedSelectionId: res.saved?.id ?? null,
    note,
    createdAt: res.run.createdAt,
    createdByLabel,
  };
}

/** Which two runs to compare: the address's choice, else the two newest. */
export function comparedRuns(history: RunSummary[], a: string, b: string): [string | null, string | null] {
  return [a || history[1]?.id || null, b || history[0]?.id || null];
}

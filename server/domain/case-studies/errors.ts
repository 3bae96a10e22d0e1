// Typed errors for the case-study selection engine. Each names the offending field and the problem
// in plain words so the CLI and the API can show `message` as it is. They are AppErrors, so the root
// error handler maps them like any other: malformed input and unknown LA codes 400, the rest
// (valid but impossible) 422, with `code` and the details in the body.
import { AppError } from "../errors.ts";

export type CaseStudyErrorCode =
  | "INVALID_INPUT"
  | "UNKNOWN_LA_CODE"
  | "NOT_ELIGIBLE"
  | "POOL_TOO_SMALL"
  | "CONTRADICTORY_CONSTRAINTS"
  | "NO_FEASIBLE_SELECTION"
  | "INVALID_OFSTED_HISTORY";

export class CaseStudyError extends AppError {
  readonly code: CaseStudyErrorCode;
  /** Input field the problem is about, e.g. "k", "constraints.mustInclude". */
  declare readonly field: string;

  constructor(code: CaseStudyErrorCode, field: string, message: string, details: Record<string, unknown> = {}) {
    super(code === "INVALID_INPUT" || code === "UNKNOWN_LA_CODE" ? "invalid" : "unprocessable", message, { field, details: { code, ...details } });
    this.name = new.target.name;
    this.code = code;
  }
}

/** Malformed input: k out of range, negative weights, duplicate LA codes, an unknown LA type in a constraint... */
export class InvalidSelectionInputError extends CaseStudyError {
  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super("INVALID_INPUT", field, message, details);
  }
}

/** An la_code that is not among the candidates (all LAs must be passed, eligible or not). */
export class UnknownLaCodeError extends CaseStudyError {
  readonly laCodes: string[];
  constructor(field: string, laCodes: string[]) {
    super(
      "UNKNOWN_LA_CODE",
      field,
      `${field}: unknown LA code${laCodes.length > 1 ? "s" : ""} ${laCodes.join(", ")} (not in the LA register)`,
      { laCodes },
    );
    this.laCodes = laCodes;
  }
}

/** A must-include LA that has not submitted or has not agreed to take part. */
export class NotEligibleError extends CaseStudyError {
  constructor(field: string, laCodes: string[], reasons: string[]) {
    super("NOT_ELIGIBLE", field, `${field}: ${reasons.join("; ")}`, { laCodes });
  }
}

/** k larger than the LAs that can still be picked. */
export class PoolTooSmallError extends CaseStudyError {
  constructor(k: number, poolSize: number, explanation: string) {
    super("POOL_TOO_SMALL", "k", `k = ${k} is larger than the ${poolSize} eligible LA${poolSize === 1 ? "" : "s"} that can be picked (${explanation})`, {
      k,
      poolSize,
    });
  }
}

/** Hard constraints that no set can satisfy, detected before searching. */
export class ContradictoryConstraintsError extends CaseStudyError {
  readonly conflicts: string[];
  constructor(field: string, conflicts: string[]) {
    super("CONTRADICTORY_CONSTRAINTS", field, `contradictory constraints: ${conflicts.join("; ")}`, { conflicts });
    this.conflicts = conflicts;
  }
}

/** The search proved that no set satisfies every hard constraint together. */
export class NoFeasibleSelectionError extends CaseStudyError {
  constructor(message: string) {
    super("NO_FEASIBLE_SELECTION", "constraints", message);
  }
}

export class InvalidOfstedHistoryError extends CaseStudyError {
  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super("INVALID_OFSTED_HISTORY", field, message, details);
  }
}

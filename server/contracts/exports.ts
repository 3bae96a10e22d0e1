/**
 * API contract for the research exports: the workbook and the statistics bundle. GET takes the
 * options as a query (scripts, the README's links); the console POSTs them as JSON so that the
 * request carries the CSRF token and a personal-data reason never sits in a URL.
 */
import { Type, type Static } from "typebox";

/** A reason for a personal-data export must say something: at least this many characters. */
export const PERSONAL_DATA_REASON_MIN = 10;

const Status = Type.Union([Type.Literal("submitted"), Type.Literal("all")], { description: "submitted (default) or all LAs" });
const IncludePersonal = Type.Boolean({ description: "include contributor names and LA contact details (admin only, with a reason; recorded in the audit trail)" });
const Reason = Type.String({ maxLength: 500, description: "why personal data is needed (admin, required with includePersonal); recorded in the audit trail" });

export const ExportQuery = Type.Object({
  status: Type.Optional(Status),
  includePersonal: Type.Optional(IncludePersonal),
  reason: Type.Optional(Reason),
});

export const ExportBody = Type.Object(
  {
    status: Type.Optional(Status),
    includePersonal: Type.Optional(IncludePersonal),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type ExportBodyDto = Static<typeof ExportBody>;

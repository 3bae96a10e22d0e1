import { Type } from "typebox";

export const ExportQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal("submitted"), Type.Literal("all")], { description: "submitted (default) or all LAs" })),
  includePersonal: Type.Optional(Type.Boolean({ description: "include contributor names and LA contact details (recorded in the audit trail)" })),
});

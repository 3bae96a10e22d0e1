/**
 * Responses that are not JSON, declared in the OpenAPI document with their media type: file
 * downloads (CSV, PDF, zip, workbook) and "204 No Content". The handlers send the bytes themselves;
 * the declaration tells API users what comes back.
 */
import { Type } from "typebox";

export const MEDIA = {
  csv: "text/csv",
  pdf: "application/pdf",
  zip: "application/zip",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** A 2xx whose body is a file of this kind. */
export function fileDownload(kind: keyof typeof MEDIA, description: string) {
  // the handler sends a Buffer, a stream or a string: typed unknown so none of them is refused
  return { description, content: { [MEDIA[kind]]: { schema: Type.Unsafe<unknown>({ type: "string", format: "binary" }) } } };
}

/** A 204: done, nothing to read. */
export const NoContent = Type.Null({ description: "Done; no content" });

/**
 * Parse an LA contacts CSV (header: la_code,name,email,role; role may be empty). Every problem is
 * reported with its CSV line number and field; nothing is imported unless the whole file is clean.
 */
import { parse } from "csv-parse/sync";
import { isEmail, normaliseEmail } from "../accounts/login-policy.ts";

export interface ContactInput {
  laCode: string;
  name: string;
  email: string;
  role: string;
}

export interface CsvRowError {
  row: number; // line number in the file (the header is line 1)
  field: string | null;
  message: string;
}

export const CONTACT_COLUMNS = ["la_code", "name", "email", "role"] as const;
export const MAX_CONTACT_ROWS = 5000;

export function parseContactsCsv(text: string, knownLaCodes: Set<string>): { contacts: ContactInput[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { contacts: [], errors: [{ row: e.lines ?? 1, field: null, message: `The file is not valid CSV: ${e.message}` }] };
  }
  if (records.length === 0) return { contacts: [], errors: [{ row: 1, field: null, message: "The file has no contact rows (expected a header la_code,name,email,role and one row per contact)" }] };
  const header = Object.keys(records[0]!.record);
  const missing = CONTACT_COLUMNS.filter((c) => c !== "role" && !header.includes(c));
  if (missing.length) {
    return { contacts: [], errors: [{ row: 1, field: missing[0]!, message: `The header must include ${missing.join(", ")} (found: ${header.join(", ")})` }] };
  }
  if (records.length > MAX_CONTACT_ROWS) {
    return { contacts: [], errors: [{ row: 1, field: null, message: `At most ${MAX_CONTACT_ROWS} rows per file (found ${records.length})` }] };
  }
  const contacts: ContactInput[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const row = info.lines;
    const laCode = (record.la_code ?? "").trim();
    const name = (record.name ?? "").trim();
    const emailRaw = (record.email ?? "").trim();
    const role = (record.role ?? "").trim();
    const before = errors.length;
    if (!/^\d{3}$/.test(laCode)) errors.push({ row, field: "la_code", message: `la_code "${laCode}" must be the 3-digit DfE LA code` });
    else if (!knownLaCodes.has(laCode)) errors.push({ row, field: "la_code", message: `la_code "${laCode}" is not in the LA register` });
    if (name === "") errors.push({ row, field: "name", message: "name is empty" });
    else if (name.length > 200) errors.push({ row, field: "name", message: "name is longer than 200 characters" });
    if (emailRaw === "") errors.push({ row, field: "email", message: "email is empty" });
    else if (!isEmail(emailRaw)) errors.push({ row, field: "email", message: `email "${emailRaw}" is not a valid e-mail address` });
    if (role.length > 200) errors.push({ row, field: "role", message: "role is longer than 200 characters" });
    if (errors.length > before) continue;
    const email = normaliseEmail(emailRaw);
    const key = `${laCode}|${email}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row, field: "email", message: `${email} is already listed for LA ${laCode} on line ${first}` });
      continue;
    }
    seen.set(key, row);
    contacts.push({ laCode, name, email, role });
  }
  return { contacts: errors.length ? [] : contacts, errors };
}

/** E-mail templates with {{placeholder}} substitution (plain text; no HTML, so nothing to escape). */

export const TEMPLATE_KEYS = ["invitation", "reminder", "report_release"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];
/** Templates sent as a campaign from the e-mail page; the report-release e-mail goes out with a release instead. */
export type CampaignKind = Exclude<TemplateKey, "report_release">;

export const PLACEHOLDERS = ["la_name", "la_code", "contact_name", "link", "deadline", "sender_name"] as const;
export type TemplateVars = Record<(typeof PLACEHOLDERS)[number], string>;

const TOKEN_RE = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

/** Placeholders used in the text that we do not know (so a typo is caught when the template is saved). */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TOKEN_RE)) if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) out.add(m[1]!);
  return [...out];
}

export function render(text: string, vars: TemplateVars): string {
  return text.replace(TOKEN_RE, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? vars[name as keyof TemplateVars] : whole));
}

/** Subjects are a single line: collapse any newlines a variable might carry. */
export function renderSubject(text: string, vars: TemplateVars): string {
  return render(text, vars).replace(/[\r\n]+/g, " ").trim();
}

export function checkTemplate(t: { subject: string; body: string }): { field: "subject" | "body"; message: string } | null {
  if (t.subject.trim() === "") return { field: "subject", message: "subject is empty" };
  if (t.subject.length > 200) return { field: "subject", message: "subject is longer than 200 characters" };
  if (/[\r\n]/.test(t.subject)) return { field: "subject", message: "subject must be one line" };
  if (t.body.trim() === "") return { field: "body", message: "body is empty" };
  if (t.body.length > 20_000) return { field: "body", message: "body is longer than 20,000 characters" };
  for (const field of ["subject", "body"] as const) {
    const unknown = unknownPlaceholders(t[field]);
    if (unknown.length) {
      return { field, message: `${field} uses unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(", ")}; known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}` };
    }
  }
  if (!/\{\{\s*link\s*\}\}/.test(t.body)) return { field: "body", message: "body must contain {{link}} (the LA's personal link)" };
  return null;
}

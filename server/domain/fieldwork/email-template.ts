/**
 * E-mail templates with {{placeholder}} substitution (plain text; no HTML, so nothing to escape).
 * The LA e-mails share one set of placeholders; the Delphi panel reminder has its own.
 */

export const TEMPLATE_KEYS = ["invitation", "reminder", "report_release", "delphi_reminder"] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];
/** Templates sent as a campaign from the e-mail page; the others go out with a release or from a Delphi study. */
export type CampaignKind = Exclude<TemplateKey, "report_release" | "delphi_reminder">;

export const PLACEHOLDERS = ["la_name", "la_code", "contact_name", "link", "deadline", "sender_name"] as const;
export type TemplateVars = Record<(typeof PLACEHOLDERS)[number], string>;
export const DELPHI_PLACEHOLDERS = ["panellist_name", "study_title", "round", "closes_at", "link", "sender_name"] as const;
export type DelphiTemplateVars = Record<(typeof DELPHI_PLACEHOLDERS)[number], string>;

export function placeholdersFor(key: TemplateKey): readonly string[] {
  return key === "delphi_reminder" ? DELPHI_PLACEHOLDERS : PLACEHOLDERS;
}

const TOKEN_RE = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

/** Placeholders used in the text that we do not know (so a typo is caught when the template is saved). */
export function unknownPlaceholders(text: string, known: readonly string[] = PLACEHOLDERS): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TOKEN_RE)) if (!known.includes(m[1]!)) out.add(m[1]!);
  return [...out];
}

export function render(text: string, vars: TemplateVars | DelphiTemplateVars): string {
  const values = vars as Record<string, string>;
  return text.replace(TOKEN_RE, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** Subjects are a single line: collapse any newlines a variable might carry. */
export function renderSubject(text: string, vars: TemplateVars | DelphiTemplateVars): string {
  return render(text, vars).replace(/[\r\n]+/g, " ").trim();
}

export function checkTemplate(t: { subject: string; body: string }, key: TemplateKey = "invitation"): { field: "subject" | "body"; message: string } | null {
  const known = placeholdersFor(key);
  if (t.subject.trim() === "") return { field: "subject", message: "subject is empty" };
  if (t.subject.length > 200) return { field: "subject", message: "subject is longer than 200 characters" };
  if (/[\r\n]/.test(t.subject)) return { field: "subject", message: "subject must be one line" };
  if (t.body.trim() === "") return { field: "body", message: "body is empty" };
  if (t.body.length > 20_000) return { field: "body", message: "body is longer than 20,000 characters" };
  for (const field of ["subject", "body"] as const) {
    const unknown = unknownPlaceholders(t[field], known);
    if (unknown.length) {
      return { field, message: `${field} uses unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(", ")}; known: ${known.map((p) => `{{${p}}}`).join(", ")}` };
    }
  }
  if (!/\{\{\s*link\s*\}\}/.test(t.body)) return { field: "body", message: `body must contain {{link}} (${key === "delphi_reminder" ? "the panellist's private link" : "the LA's personal link"})` };
  return null;
}

/**
 * The audit trail in words for the console: what each recorded action means, and its details as
 * short phrases ("sent 12", "expires 5 Dec 2026") instead of the stored JSON. Identifiers that mean
 * nothing to a reader (batch ids, row ids) are left out; the CSV export keeps everything.
 */

export const ACTION_WORDS: Readonly<Record<string, string>> = {
  "auth.login": "Signed in",
  "auth.logout": "Signed out",
  "auth.login_failed": "Failed to sign in",
  "auth.lockout": "Account locked after repeated failed sign-ins",
  "token.issue": "Issued a survey link",
  "token.revoke": "Revoked a survey link",
  "links.csv_download": "Downloaded the survey links for a mail merge",
  "email.invitation": "Sent invitation e-mails",
  "email.reminder": "Sent reminder e-mails",
  "email.template_update": "Changed an e-mail template",
  "export.responses": "Downloaded the research export",
  "export.audit": "Downloaded the audit trail",
  "user.create": "Created a console account",
  "user.update": "Changed a console account",
  "settings.study_contact": "Changed the study contact shown to LAs",
  "user.erase": "Erased a console account",
  "contact.create": "Added an LA contact",
  "contact.import": "Imported an LA contact",
  "contact.update": "Changed an LA contact",
  "contact.erase": "Erased an LA contact's personal data",
  "contributor.erase": "Erased a contributor's name",
  "privacy.retention": "Erased personal data past its retention period",
  "case_studies.save": "Saved a case-study selection",
  "case_study.record": "Updated a case study's fieldwork record",
  "case_study.contact_add": "Added a case-study contact",
  "case_study.contact_remove": "Removed a case-study contact",
  "case_study.contact_erase": "Erased a case-study contact's personal data",
  "case_study.log": "Added a case-study log entry",
  "case_study.findings": "Recorded case-study findings",
  "case_study.proposal": "Decided on a proposed indicator change",
  "case_study.consultation": "Recorded a consultation session",
  "response.reopen": "Reopened a submitted response",
};

const VALUE_WORDS: Readonly<Record<string, string>> = {
  console: "from the console",
  "links-csv": "in the mail-merge file",
  reissue: "on reissue",
  invitation: "with an invitation e-mail",
  reminder: "with a reminder e-mail",
  unknown_account: "no account with that e-mail address",
  disabled: "account disabled",
  locked: "account locked",
  wrong_password: "wrong password",
  retention: "retention period ended",
  submitted: "submitted responses",
  all: "all responses",
};

/** Keys whose values are identifiers or internals, not something to read. */
const HIDDEN_KEYS = new Set(["batchId", "id", "ids", "token", "tokenId", "hash"]);

/** "failedLogins" -> "failed logins" */
export function keyWords(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.]+/g, " ")
    .toLowerCase()
    .trim();
}

/** The action in words; an action not listed here is spelt out from its name ("foo.bar_baz" -> "Foo: bar baz"). */
export function actionWords(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const [area, ...rest] = action.split(".");
  const what = keyWords(rest.join(" "));
  const head = keyWords(area);
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}${what ? `: ${what}` : ""}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function dateWords(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const dateOnly = iso.length === 10;
  return d.toLocaleString("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(dateOnly ? {} : { hour: "2-digit", minute: "2-digit" }),
  });
}

function valueWords(v: unknown): string {
  if (v === null || v === undefined || v === "") return "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return v.toLocaleString("en-GB");
  if (typeof v === "string") return VALUE_WORDS[v] ?? (ISO_DATE.test(v) ? dateWords(v) : v);
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(valueWords).join(", ");
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${keyWords(k)} ${valueWords(x)}`)
      .join(", ");
  }
  return String(v);
}

/** Phrases for particular keys; anything else reads "<key in words>: <value>". */
function phrase(key: string, v: unknown): string | null {
  if (HIDDEN_KEYS.has(key)) return null;
  switch (key) {
    case "via":
      return typeof v === "string" && VALUE_WORDS[v] ? VALUE_WORDS[v] : `via ${valueWords(v)}`;
    case "reason":
      return `reason: ${valueWords(v)}`;
    case "expiresAt":
      return `expires ${valueWords(v)}`;
    case "lockedUntil":
      return `locked until ${valueWords(v)}`;
    case "includePersonal":
      return v ? "with personal data" : "without personal data";
    case "since":
      return v ? `from ${valueWords(v)}` : null;
    case "until":
      return v ? `to ${valueWords(v)}` : null;
    case "fields":
      return `changed: ${valueWords(Array.isArray(v) ? v.map((f) => keyWords(String(f))) : v)}`;
    case "indicators":
      return Array.isArray(v) ? `${v.length} ${v.length === 1 ? "indicator" : "indicators"}` : `indicators: ${valueWords(v)}`;
    default:
      return `${keyWords(key)}: ${valueWords(v)}`;
  }
}

/** The details of one entry as short phrases, in the order they were recorded. */
export function detailWords(details: Record<string, unknown> | null | undefined): string[] {
  if (!details) return [];
  return Object.entries(details)
    .map(([k, v]) => phrase(k, v))
    .filter((p): p is string => p !== null);
}

/**
 * The audit trail in words for the console: what each recorded action means, and its details as
 * short phrases ("sent 12", "expires 5 Dec 2026") instead of the stored JSON. Identifiers that mean
 * nothing to a reader (batch ids, row ids) are left out and fingerprints shortened; the CSV export
 * keeps everything.
 *
 * ACTION_WORDS is also the list of actions the service may record: AuditEntry.action is one of its
 * keys, so a new action does not compile until it has words here.
 */

export const ACTION_WORDS = {
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
  "handoff.create": "Sent a section to a colleague",
  "handoff.cancel": "Cancelled sending a section to a colleague",
  "handoff.accept": "Took on a section a colleague sent",
  "report.snapshot": "Froze the figures for feedback reports",
  "report.release": "Released a feedback report",
  "report.withdraw": "Withdrew a feedback report",
  "report.download_all": "Downloaded every released feedback report",
  "report.export_folder": "Saved feedback reports to a folder",
  "report.release_job.start": "Started releasing feedback reports",
  "report.release_job.done": "Finished releasing feedback reports",
  "report.release_job.interrupted": "Releasing feedback reports stopped part-way",
  "report_link.issue": "Issued a feedback report link",
  "report_link.revoke": "Revoked feedback report links",
  "report_links.csv_download": "Downloaded the feedback report links for a mail merge",
  "email.report_release": "Sent a feedback report e-mail",
  "delphi.study_create": "Created a Delphi study",
  "delphi.settings_change": "Changed a Delphi study's settings",
  "delphi.item_add": "Added an item to a Delphi study",
  "delphi.panellists_add": "Added Delphi panellists",
  "delphi.link_revoke": "Withdrew a Delphi panellist's link",
  "delphi.panellist_erase": "Erased a Delphi panellist's personal data",
  "delphi.round_open": "Opened a Delphi round",
  "delphi.round_close": "Closed a Delphi round",
  "delphi.round_submit": "Submitted their Delphi ratings",
  "delphi.reminders_send": "Sent Delphi reminder e-mails",
  "delphi.proposal": "Proposed a new Delphi indicator",
  "delphi.proposal_accept": "Accepted a proposed indicator as a new Delphi item",
  "delphi.proposal_merge": "Merged a proposed indicator into a Delphi item",
  "delphi.proposal_decline": "Declined a proposed Delphi indicator",
  "delphi.comment_approve": "Approved a Delphi comment for the panel to see",
  "delphi.comment_redact": "Withheld a Delphi comment from the panel",
  "delphi.decision": "Recorded a decision on a Delphi item",
  "delphi.export": "Downloaded Delphi results",
} as const satisfies Record<string, string>;

/** Every action the service may record. */
export type AuditAction = keyof typeof ACTION_WORDS;

const isKnown = (action: string): action is AuditAction => Object.hasOwn(ACTION_WORDS, action);

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
  release: "on release",
  xlsx: "as an Excel workbook",
  zip: "as CSV files in a zip",
  csv: "as CSV",
};

/** Keys whose values are identifiers or internals, not something to read. */
const HIDDEN_KEYS = new Set(["batchId", "id", "ids", "token", "tokenId", "hash", "itemId", "proposal", "comment", "reminded"]);

const FINGERPRINT = /^[0-9a-f]{64}$/;

/** A SHA-256 fingerprint read in full means nothing; its first 12 characters tell two apart (the CSV keeps the whole). */
export const shortFingerprint = (hex: string): string => `${hex.slice(0, 12)}…`;

const SCOPE_WORDS: Readonly<Record<string, string>> = { list: "chosen from the list", all: "every LA due a report" };
const ELIGIBLE_WORDS: Readonly<Record<string, string>> = { all: "every panellist", previousCompleters: "only those who submitted the previous round" };
const WHICH_WORDS: Readonly<Record<string, string>> = { released: "the released reports", submitted: "previews for every submitted LA" };

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
  if (isKnown(action)) return ACTION_WORDS[action];
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
  if (typeof v === "string") return VALUE_WORDS[v] ?? (ISO_DATE.test(v) ? dateWords(v) : FINGERPRINT.test(v) ? shortFingerprint(v) : v);
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map(valueWords).join(", ");
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${keyWords(k)} ${valueWords(x)}`)
      .join(", ");
  }
  return String(v);
}

/** "2 LAs", "1 LA"; a value that is not a number reads "LAs: <value>". */
function count(v: unknown, one: string, many: string): string {
  if (Array.isArray(v)) return count(v.length, one, many);
  return typeof v === "number" ? `${v.toLocaleString("en-GB")} ${v === 1 ? one : many}` : `${many}: ${valueWords(v)}`;
}

const wordsFrom = (words: Readonly<Record<string, string>>, v: unknown) => (typeof v === "string" && words[v]) || valueWords(v);

/** Phrases for particular keys; anything else reads "<key in words>: <value>". */
function phrase(key: string, v: unknown): string | null {
  if (HIDDEN_KEYS.has(key)) return null;
  switch (key) {
    case "format":
      return valueWords(v);
    case "las":
      return count(v, "LA", "LAs");
    case "scope":
      return wordsFrom(SCOPE_WORDS, v);
    case "snapshotId":
      return `snapshot ${valueWords(v)}`;
    case "pdfSha256":
      return `PDF fingerprint ${valueWords(v)}`;
    case "replacedVersion":
      return v === null || v === undefined ? "first release" : `replaces version ${valueWords(v)}`;
    case "submittedLas":
      return count(v, "submitted LA", "submitted LAs");
    case "round":
      return `round ${valueWords(v)}`;
    case "items":
      return count(v, "item", "items");
    case "invited":
      return `${valueWords(v)} invited`;
    case "eligible":
      return wordsFrom(ELIGIBLE_WORDS, v);
    case "rulesChanged":
      return v ? "consensus rule changed" : "consensus rule unchanged";
    case "catalogueVersion":
      return `catalogue version ${valueWords(v)}`;
    case "derivedFrom":
      return Array.isArray(v) && v.length === 0 ? null : `derived from ${count(v, "item", "items")}`;
    case "sheets":
      return count(v, "sheet", "sheets");
    case "files":
      return count(v, "file", "files");
    case "panellists":
      return count(v, "panellist", "panellists");
    case "reports":
      return count(v, "report", "reports");
    case "skippedRecent":
      return `${valueWords(v)} skipped (reminded recently)`;
    case "revoked":
      return `${valueWords(v)} revoked`;
    case "issued":
      return `${valueWords(v)} issued`;
    case "linksRevoked":
      return `${count(v, "report link", "report links")} stopped working`;
    case "which":
      return wordsFrom(WHICH_WORDS, v);
    case "emailGiven":
      return v ? "with the colleague's e-mail address" : "without an e-mail address";
    case "cutoff":
      return `older than ${valueWords(v)}`;
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
  // which LAs a release covered reads as one phrase: "2 LAs, chosen from the list"
  const together = "las" in details && "scope" in details;
  return Object.entries(details)
    .map(([k, v]) => (together && k === "scope" ? null : together && k === "las" ? `${phrase(k, v)}, ${phrase("scope", details.scope)}` : phrase(k, v)))
    .filter((p): p is string => p !== null);
}

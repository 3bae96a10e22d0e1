import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { ACTION_WORDS, actionWords, detailWords, keyWords, shortFingerprint } from "../../../server/domain/audit/describe-audit.ts";

describe("the audit trail in words", () => {
  it("names known actions and spells out unknown ones", () => {
    expect(actionWords("auth.login_failed")).toBe("Failed to sign in");
    expect(actionWords("token.issue")).toBe("Issued a survey link");
    expect(actionWords("report.release_all")).toBe("Report: release all");
    expect(keyWords("failedLogins")).toBe("failed logins");
  });

  it("turns details into phrases, leaving out identifiers and never showing JSON", () => {
    expect(detailWords({ reason: "wrong_password", failedLogins: 3 })).toEqual(["reason: wrong password", "failed logins: 3"]);
    expect(detailWords({ batchId: "b-1", sent: 12, failed: 0 })).toEqual(["sent: 12", "failed: 0"]);
    expect(detailWords({ via: "console", expiresAt: "2026-12-31T23:59:00Z" })).toEqual(["from the console", "expires 31 Dec 2026, 23:59"]);
    expect(detailWords({ includePersonal: false, since: null, until: "2026-11-30" })).toEqual(["without personal data", "to 30 Nov 2026"]);
    expect(detailWords({ fields: ["email", "roleTitle"], indicators: ["a", "b"] })).toEqual(["changed: email, role title", "2 indicators"]);
    const nested = detailWords({ counts: { submitted: 3, inProgress: 2 } });
    expect(nested).toEqual(["counts: submitted 3, in progress 2"]);
    expect(nested.join(" ")).not.toMatch(/[{}"]/);
  });
});

/**
 * Every action code the server's source can record, read from the source itself: each literal
 * `action: "area.verb"` (and each branch of a conditional), and each template such as
 * `delphi.comment_${action}` as a pattern. The compiler holds AuditEntry.action to ACTION_WORDS'
 * keys; this catches what it cannot see (a cast, a string built elsewhere).
 */
function recordedActionCodes(): { literals: Set<string>; templates: Set<string> } {
  const root = path.resolve(import.meta.dirname, "../../../server");
  const literals = new Set<string>();
  const templates = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) {
        // the expression after "action:": a template, a string, or a condition choosing between two strings
        for (const m of fs.readFileSync(p, "utf8").matchAll(/\baction: (`[^`]*`|"[^"]*"|[^,}\n]*\?\s*"[^"]*"\s*:\s*"[^"]*")/g)) {
          for (const lit of m[1].matchAll(/"([a-z_]+(?:\.[a-z_]+)+)"/g)) literals.add(lit[1]);
          for (const tpl of m[1].matchAll(/`([a-z_]+\.[^`]*)`/g)) templates.add(tpl[1]);
        }
      }
    }
  };
  walk(root);
  return { literals, templates };
}

describe("every action the server records has words", () => {
  const known = Object.keys(ACTION_WORDS);

  it("finds the actions in the server's source", () => {
    const { literals, templates } = recordedActionCodes();
    // the scan itself works: actions from several services, old and new, and the templated ones
    expect([...literals]).toEqual(expect.arrayContaining(["token.issue", "delphi.panellists_add", "report.release_job.start", "report_link.issue", "contact.import"]));
    expect([...templates]).toEqual(expect.arrayContaining(["delphi.comment_${action}", "email.${input.kind}"]));
  });

  it("has a plain-English label for each literal action, never one spelt out from its code", () => {
    const { literals } = recordedActionCodes();
    const missing = [...literals].filter((a) => !known.includes(a));
    expect(missing).toEqual([]);
  });

  it("has a label for each templated action", () => {
    const { templates } = recordedActionCodes();
    for (const tpl of templates) {
      const pattern = new RegExp(`^${tpl.replace(/\./g, "\\.").replace(/\$\{[^}]+\}/g, "[a-z_]+")}$`);
      expect(known.filter((a) => pattern.test(a)), tpl).not.toEqual([]);
    }
    expect(known).toEqual(expect.arrayContaining(["delphi.comment_approve", "delphi.comment_redact", "delphi.proposal_accept", "delphi.proposal_merge", "delphi.proposal_decline", "email.invitation", "email.reminder"]));
  });

  it("labels as sentences, like the older ones", () => {
    for (const [code, label] of Object.entries(ACTION_WORDS)) {
      expect(label, code).toMatch(/^[A-Z][a-z]/);
      expect(label, code).not.toContain(code);
      expect(label, code).not.toMatch(/[_:]/);
    }
    expect(actionWords("delphi.panellists_add")).toBe("Added Delphi panellists");
    expect(actionWords("report_link.issue")).toBe("Issued a feedback report link");
    expect(actionWords("report.release_job.start")).toBe("Started releasing feedback reports");
    expect(actionWords("report.snapshot")).toBe("Froze the figures for feedback reports");
  });
});

describe("newer details in words", () => {
  it("says which LAs a release covered, and names snapshots and versions", () => {
    expect(detailWords({ scope: "list", las: 2, snapshotId: 1 })).toEqual(["2 LAs, chosen from the list", "snapshot 1"]);
    expect(detailWords({ scope: "all", las: 1, snapshotId: 4 })).toEqual(["1 LA, every LA due a report", "snapshot 4"]);
    expect(detailWords({ submittedLas: 153 })).toEqual(["153 submitted LAs"]);
    expect(detailWords({ linksRevoked: 1 })).toEqual(["1 report link stopped working"]);
  });

  it("shortens fingerprints to 12 characters", () => {
    const sha = "3f2a9c1b7d4e".padEnd(64, "0");
    expect(shortFingerprint(sha)).toBe("3f2a9c1b7d4e…");
    expect(detailWords({ snapshotId: 2, pdfSha256: sha, replacedVersion: null })).toEqual(["snapshot 2", "PDF fingerprint 3f2a9c1b7d4e…", "first release"]);
    expect(detailWords({ pdfSha256: sha, replacedVersion: 3 }).join(" ")).not.toContain(sha);
    expect(detailWords({ replacedVersion: 3 })).toEqual(["replaces version 3"]);
  });

  it("reads Delphi details as phrases, leaving out ids", () => {
    expect(detailWords({ ids: ["4", "5"], panellists: 2 })).toEqual(["2 panellists"]);
    expect(detailWords({ round: 1 })).toEqual(["round 1"]);
    expect(detailWords({ round: 2, items: 78, eligible: "previousCompleters", invited: 5 })).toEqual([
      "round 2",
      "78 items",
      "only those who submitted the previous round",
      "5 invited",
    ]);
    expect(detailWords({ items: 78, catalogueVersion: "1.0.0" })).toEqual(["78 items", "catalogue version 1.0.0"]);
    expect(detailWords({ rulesChanged: false })).toEqual(["consensus rule unchanged"]);
    expect(detailWords({ itemId: "9", derivedFrom: [] })).toEqual([]);
    expect(detailWords({ proposal: "3", itemId: "9", reason: "Covered already" })).toEqual(["reason: Covered already"]);
    expect(detailWords({ comment: "1-2-3" })).toEqual([]);
    expect(detailWords({ format: "xlsx", sheets: ["a", "b"] })).toEqual(["as an Excel workbook", "2 sheets"]);
    expect(detailWords({ round: 1, reminded: ["4"], sent: 1, failed: 0, skippedRecent: 2 })).toEqual(["round 1", "sent: 1", "failed: 0", "2 skipped (reminded recently)"]);
    expect(detailWords({ via: "release", expiresAt: "2026-12-31T23:59:00Z" })).toEqual(["on release", "expires 31 Dec 2026, 23:59"]);
  });
});

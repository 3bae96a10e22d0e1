import { describe, expect, it } from "vitest";
import { actionWords, detailWords, keyWords } from "../../../server/domain/audit/describe-audit.ts";

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

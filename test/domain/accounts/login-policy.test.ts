import { describe, it, expect } from "vitest";
import { afterFailure, isLocked, passwordProblem } from "../../../server/domain/accounts/login-policy.ts";
import { roleSatisfies, strongestRoleDenied } from "../../../server/domain/accounts/roles.ts";

const policy = { maxFailures: 3, lockMinutes: 10 };
const t0 = new Date("2026-01-01T10:00:00Z");

describe("lockout policy", () => {
  it("locks on the Nth consecutive failure for lockMinutes", () => {
    let s = { failedLogins: 0, lockedUntil: null as Date | null };
    s = afterFailure(s, t0, policy);
    s = afterFailure(s, t0, policy);
    expect(isLocked(s, t0)).toBe(false);
    s = afterFailure(s, t0, policy);
    expect(isLocked(s, t0)).toBe(true);
    expect(s.lockedUntil!.toISOString()).toBe("2026-01-01T10:10:00.000Z");
    expect(isLocked(s, new Date("2026-01-01T10:10:01Z"))).toBe(false);
  });

  it("starts a fresh count after a lock has run out", () => {
    const expired = { failedLogins: 3, lockedUntil: new Date("2026-01-01T09:00:00Z") };
    const s = afterFailure(expired, t0, policy);
    expect(s.failedLogins).toBe(1);
    expect(isLocked(s, t0)).toBe(false);
  });
});

describe("password policy", () => {
  it("names the problem", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toMatch(/repeated/);
    expect(passwordProblem("jane.smith-2026!", "jane.smith@la.gov.uk")).toMatch(/e-mail/);
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });
});

describe("roles", () => {
  it("admin ⊇ researcher ⊇ viewer", () => {
    expect(roleSatisfies("admin", ["researcher"])).toBe(true);
    expect(roleSatisfies("researcher", ["viewer"])).toBe(true);
    expect(roleSatisfies("researcher", ["admin"])).toBe(false);
    expect(roleSatisfies("viewer", ["researcher"])).toBe(false);
    expect(strongestRoleDenied(["admin"])).toBe("researcher");
    expect(strongestRoleDenied(["researcher"])).toBe("viewer");
    expect(strongestRoleDenied(["viewer"])).toBeNull();
  });
});

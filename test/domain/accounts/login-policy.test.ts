import { describe, it, expect } from "vitest";
import { passwordProblem } from "../../../server/domain/accounts/login-policy.ts";
import { roleSatisfies, strongestRoleDenied } from "../../../server/domain/accounts/roles.ts";


describe("password policy", () => {
  it.each(["password1234", "123456789012", "qwertyuiopas", "Password123!"])("refuses the common password %s with a clear message", (pw) => {
    expect(passwordProblem(pw)).toMatch(/^password is too easy to guess\..*Use a longer phrase/);
  });

  it("accepts a long passphrase", () => {
    expect(passwordProblem("correct horse battery staple 7")).toBeNull();
  });

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

/** Console roles, strongest first. admin ⊇ researcher ⊇ viewer. */
export const ROLES = ["admin", "researcher", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { admin: 3, researcher: 2, viewer: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Does a user with `role` pass a check that allows `allowed`? A check passes when the user's role
 * is at least as strong as the weakest allowed role (admin passes every check, researcher passes
 * viewer checks).
 */
export function roleSatisfies(role: Role, allowed: readonly Role[]): boolean {
  if (allowed.length === 0) return false;
  const needed = Math.min(...allowed.map((r) => RANK[r]));
  return RANK[role] >= needed;
}

/** The strongest role that does NOT pass a check for `allowed` (for tests and docs), or null. */
export function strongestRoleDenied(allowed: readonly Role[]): Role | null {
  return ROLES.find((r) => !roleSatisfies(r, allowed)) ?? null;
}

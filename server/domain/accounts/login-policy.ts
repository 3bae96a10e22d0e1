/** Pure rules for password quality and temporary lockout after repeated failed logins. */

export interface LockoutPolicy {
  maxFailures: number; // consecutive failures that trigger a lock
  lockMinutes: number; // how long the lock lasts
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

// Counting failures and setting the lock happen in one SQL statement (users-repository
// reserveLoginAttempt) so that parallel attempts cannot race past the limit.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Returns a message naming the problem, or null when the password is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (/^(.)\1*$/.test(password)) return "password must not be one repeated character";
  const local = email?.toLowerCase().split("@")[0] ?? "";
  if (local.length >= 4 && password.toLowerCase().includes(local)) {
    return "password must not contain the e-mail address";
  }
  return null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_RE.test(value);
}

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

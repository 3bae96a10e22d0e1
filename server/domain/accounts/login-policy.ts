/** Pure rules for password quality and temporary lockout after repeated failed logins. */

export interface LockoutPolicy {
  maxFailures: number; // consecutive failures that trigger a lock
  lockMinutes: number; // how long the lock lasts
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export interface LoginState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** State after one more failed attempt. A lock starts when the count reaches maxFailures. */
export function afterFailure(state: LoginState, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LoginState {
  // A lock that has run out starts a fresh count.
  const base = state.lockedUntil !== null && !isLocked(state, now) ? 0 : state.failedLogins;
  const failedLogins = base + 1;
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedLogins, lockedUntil: state.lockedUntil !== null && isLocked(state, now) ? state.lockedUntil : null };
}

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

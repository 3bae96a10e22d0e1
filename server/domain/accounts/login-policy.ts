/** Pure rules for password quality (a strength estimate with common-password dictionaries) and e-mail addresses. */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

export interface LockoutPolicy {
  maxFailures: number; // consecutive failures that trigger a lock
  lockMinutes: number; // how long the lock lasts
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

// Counting failures and setting the lock happen in one SQL statement (users-repository
// reserveLoginAttempt) so that parallel attempts cannot race past the limit.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** zxcvbn scores 0-4; 3 = "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
function strength(): ZxcvbnFactory {
  // built once: the dictionaries are large, and everything is local (no network)
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return estimator;
}

/** Returns a message naming the problem, or null when the password is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (/^(.)\1*$/.test(password)) return "password must not be one repeated character";
  const local = email?.toLowerCase().split("@")[0] ?? "";
  if (local.length >= 4 && password.toLowerCase().includes(local)) {
    return "password must not contain the e-mail address";
  }
  const result = strength().check(password, email ? [email, local] : []);
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ? ` ${result.feedback.warning}` : "";
    return `password is too easy to guess.${why} Use a longer phrase of several unrelated words.`;
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

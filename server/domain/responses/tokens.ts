/**
 * LA link tokens: 256 random bits, base64url (43 characters). Only sha256(token) is stored, so a
 * database leak does not reveal working links. Compare by hash lookup (no timing-sensitive string compare).
 */
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}

/** The link sent to an LA. The token travels in the fragment, which browsers never send to servers or in Referer. */
export function respondentLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/r#${token}`;
}

/** Parse an If-Match header carrying a response version: `3`, `"3"` or `W/"3"`. */
export function parseIfMatch(header: string | undefined): number | "missing" | "invalid" {
  if (header === undefined || header.trim() === "") return "missing";
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : "invalid";
}

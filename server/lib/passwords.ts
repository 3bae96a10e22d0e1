/**
 * Password hashing with argon2id (@node-rs/argon2), parameters from the OWASP Password Storage
 * Cheat Sheet (m = 19 MiB, t = 2, p = 1). The PHC string stores its own parameters, so raising
 * them later still verifies old hashes.
 */
import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

// algorithm 2 = Algorithm.Argon2id (a const enum, not importable under isolatedModules)
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false; // malformed hash
  }
}

let dummyHash: Promise<string> | null = null;
/** Verify against a throw-away hash so unknown e-mails take as long as known ones. */
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
}

/** A random password for `admin:create` when none is given: 20 characters from a 54-symbol unambiguous alphabet (~115 bits). */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  return out.length === length ? out : generatePassword(length);
}

/**
 * The person answering in a browser. The first time they give their details for an LA they get a
 * contributor of their own and a random key (the browser keeps it in an HttpOnly cookie; only its
 * hash is stored). Changing "your details" later changes that contributor, so everything they did
 * shows the new name; a colleague in another browser has another key and another contributor, so
 * neither can change, or read back, the other's e-mail.
 */
import type pg from "pg";
import { AppError } from "../domain/errors.ts";
import { generateToken, hashToken } from "../domain/responses/tokens.ts";
import { findKeyedContributor, insertKeyedContributor, updateKeyedContributor } from "../repositories/responses-repository.ts";
import type { MyDetailsBody } from "../contracts/respondent-contributor.ts";

export interface MyDetails {
  name: string;
  role: string;
  email: string | null;
}

function tidy(input: MyDetailsBody): MyDetails {
  const name = input.name.replace(/\s+/g, " ").trim();
  const role = input.role.replace(/\s+/g, " ").trim();
  if (!name) throw new AppError("invalid", 'Field "name" must not be blank', { field: "name" });
  if (!role) throw new AppError("invalid", 'Field "role" must not be blank', { field: "role" });
  return { name, role, email: input.email?.trim() || null };
}

/** The details of the person holding `key` in this LA, or null (no key, or a key for another LA). */
export async function myDetails(pool: pg.Pool, laCode: string, key: string | null): Promise<MyDetails | null> {
  if (!key) return null;
  const found = await findKeyedContributor(pool, laCode, hashToken(key));
  return found ? { name: found.name, role: found.role, email: found.email } : null;
}

/**
 * Save the details of the person holding `key`; without a (valid) key, a new contributor and a new
 * key, which the caller gives the browser.
 */
export async function saveMyDetails(pool: pg.Pool, laCode: string, key: string | null, input: MyDetailsBody): Promise<{ details: MyDetails; newKey: string | null }> {
  const details = tidy(input);
  const found = key && !input.newPerson ? await findKeyedContributor(pool, laCode, hashToken(key)) : null;
  if (found) {
    await updateKeyedContributor(pool, found.id, details);
    return { details, newKey: null };
  }
  const newKey = generateToken();
  await insertKeyedContributor(pool, laCode, hashToken(newKey), details);
  return { details, newKey };
}

/** Reads of the public reference data (the LA register): public facts, no personal data. */
import type { Queryable } from "../repositories/queryable.ts";
import { listLas } from "../repositories/reference-data-repository.ts";

export async function laRegister(db: Queryable) {
  return listLas(db);
}

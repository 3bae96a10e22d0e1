/** Reads of the public reference data (the LA register): public facts, no personal data. */
import type { Queryable } from "../repositories/queryable.ts";
import { listLas } from "../repositories/reference-data-repository.ts";
import type { RegisterLa } from "../contracts/reference.ts";

export async function laRegister(db: Queryable): Promise<RegisterLa[]> {
  return (await listLas(db)).map((l) => ({ laCode: l.la_code, gssCode: l.gss_code, name: l.name, region: l.region, laType: l.la_type }));
}

import type { Queryable } from "./queryable.ts";

export interface ContactRow {
  id: string;
  laCode: string;
  laName: string;
  name: string;
  email: string;
  role: string;
  isActive: boolean;
  updatedAt: Date;
}

const COLUMNS = `k.id, k.la_code AS "laCode", l.name AS "laName", k.name, k.email, k.role, k.is_active AS "isActive", k.updated_at AS "updatedAt"`;

export async function listContacts(q: Queryable, laCode?: string): Promise<ContactRow[]> {
  const { rows } = await q.query<ContactRow>(
    `SELECT ${COLUMNS} FROM la_contacts k JOIN las l ON l.la_code = k.la_code
      WHERE k.erased_at IS NULL ${laCode ? "AND k.la_code = $1" : ""} ORDER BY k.la_code, lower(k.name)`,
    laCode ? [laCode] : [],
  );
  return rows;
}

export async function findContact(q: Queryable, id: string): Promise<ContactRow | null> {
  const { rows } = await q.query<ContactRow>(`SELECT ${COLUMNS} FROM la_contacts k JOIN las l ON l.la_code = k.la_code WHERE k.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Insert or (same LA and address) update; returns whether a row was inserted. */
export async function upsertContact(q: Queryable, c: { laCode: string; name: string; email: string; role: string }): Promise<{ id: string; inserted: boolean }> {
  const { rows } = await q.query<{ id: string; inserted: boolean }>(
    `INSERT INTO la_contacts (la_code, name, email, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (la_code, lower(email)) DO UPDATE
       SET name = excluded.name, role = excluded.role, is_active = true, erased_at = NULL, updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [c.laCode, c.name, c.email, c.role],
  );
  return rows[0]!;
}

export async function updateContact(
  q: Queryable,
  id: string,
  patch: { name?: string; email?: string; role?: string; isActive?: boolean },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE la_contacts SET name = coalesce($2, name), email = coalesce($3, email), role = coalesce($4, role),
            is_active = coalesce($5, is_active), updated_at = now()
      WHERE id = $1 AND erased_at IS NULL`,
    [id, patch.name ?? null, patch.email ?? null, patch.role ?? null, patch.isActive ?? null],
  );
  return (rowCount ?? 0) > 0;
}

/** Erase a contact's personal data; the row (an id, the LA, the send history's outcome) stays. */
export async function eraseContact(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE la_contacts SET name = 'erased contact', email = 'erased-contact-' || id::text || '@invalid', role = '',
            is_active = false, erased_at = now(), updated_at = now()
      WHERE id = $1 AND erased_at IS NULL`,
    [id],
  );
  await q.query(`UPDATE email_sends SET to_address = 'erased' WHERE contact_id = $1`, [id]);
  return (rowCount ?? 0) > 0;
}

export async function findContactsByEmail(q: Queryable, email: string): Promise<ContactRow[]> {
  const { rows } = await q.query<ContactRow>(
    `SELECT ${COLUMNS} FROM la_contacts k JOIN las l ON l.la_code = k.la_code WHERE lower(k.email) = lower($1) AND k.erased_at IS NULL`,
    [email],
  );
  return rows;
}

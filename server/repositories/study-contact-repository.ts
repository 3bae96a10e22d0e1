import type { Queryable } from "./queryable.ts";

export interface StudyContactRow {
  contactName: string;
  contactEmail: string;
  responseTime: string;
  runBy: string;
  updatedAt: Date;
}

export async function findStudyContact(db: Queryable): Promise<StudyContactRow | null> {
  const { rows } = await db.query("SELECT contact_name, contact_email, response_time, run_by, updated_at FROM study_contact WHERE id");
  const r = rows[0];
  return r ? { contactName: r.contact_name, contactEmail: r.contact_email, responseTime: r.response_time, runBy: r.run_by, updatedAt: new Date(r.updated_at) } : null;
}

export async function saveStudyContact(db: Queryable, c: Omit<StudyContactRow, "updatedAt">, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO study_contact (id, contact_name, contact_email, response_time, run_by, updated_at, updated_by)
     VALUES (true, $1, $2, $3, $4, now(), $5)
     ON CONFLICT (id) DO UPDATE SET contact_name = EXCLUDED.contact_name, contact_email = EXCLUDED.contact_email,
       response_time = EXCLUDED.response_time, run_by = EXCLUDED.run_by, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [c.contactName, c.contactEmail, c.responseTime, c.runBy, userId],
  );
}

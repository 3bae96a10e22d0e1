/** Sections handed to colleagues (table section_handoffs, migration 028). */
import type { Queryable } from "./queryable.ts";

export interface HandoffRow {
  id: string;
  laCode: string;
  page: string;
  colleagueName: string;
  colleagueEmail: string | null;
  note: string | null;
  handedBy: { name: string; role: string } | null;
  createdAt: Date;
  acceptedBy: { name: string; role: string } | null;
  acceptedAt: Date | null;
}

const SELECT = `SELECT h.id, h.la_code, h.page_name, h.colleague_name, h.colleague_email, h.note, h.created_at, h.accepted_at,
       b.name AS by_name, b.role AS by_role, a.name AS acc_name, a.role AS acc_role
  FROM section_handoffs h
  LEFT JOIN respondent_contributors b ON b.id = h.handed_by_contributor_id
  LEFT JOIN respondent_contributors a ON a.id = h.accepted_contributor_id`;

function toRow(r: any): HandoffRow {
  return {
    id: String(r.id),
    laCode: r.la_code,
    page: r.page_name,
    colleagueName: r.colleague_name,
    colleagueEmail: r.colleague_email,
    note: r.note,
    handedBy: r.by_name ? { name: r.by_name, role: r.by_role } : null,
    createdAt: new Date(r.created_at),
    acceptedBy: r.acc_name ? { name: r.acc_name, role: r.acc_role } : null,
    acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
  };
}

/** The LA's live (not cancelled) hand-offs, oldest first. */
export async function listLiveHandoffs(db: Queryable, laCode: string): Promise<HandoffRow[]> {
  const { rows } = await db.query(`${SELECT} WHERE h.la_code = $1 AND h.cancelled_at IS NULL ORDER BY h.id`, [laCode]);
  return rows.map(toRow);
}

export async function findLiveHandoff(db: Queryable, laCode: string, id: string): Promise<HandoffRow | null> {
  const { rows } = await db.query(`${SELECT} WHERE h.la_code = $1 AND h.id = $2 AND h.cancelled_at IS NULL`, [laCode, id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Insert a hand-off; null when the section already has a live one (the partial unique index). */
export async function insertHandoff(
  db: Queryable,
  h: { laCode: string; page: string; colleagueName: string; colleagueEmail: string | null; note: string | null; handedBy: string },
): Promise<string | null> {
  const { rows } = await db.query(
    `INSERT INTO section_handoffs (la_code, page_name, colleague_name, colleague_email, note, handed_by_contributor_id)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (la_code, page_name) WHERE cancelled_at IS NULL DO NOTHING
     RETURNING id`,
    [h.laCode, h.page, h.colleagueName, h.colleagueEmail, h.note, h.handedBy],
  );
  return rows[0] ? String(rows[0].id) : null;
}

export async function cancelHandoff(db: Queryable, laCode: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE section_handoffs SET cancelled_at = now() WHERE la_code = $1 AND id = $2 AND cancelled_at IS NULL",
    [laCode, id],
  );
  return (rowCount ?? 0) > 0;
}

export async function acceptHandoff(db: Queryable, laCode: string, id: string, contributorId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE section_handoffs SET accepted_at = COALESCE(accepted_at, now()), accepted_contributor_id = $3
      WHERE la_code = $1 AND id = $2 AND cancelled_at IS NULL`,
    [laCode, id, contributorId],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Personal data: the colleague's name and e-mail become "erased colleague N" and nothing, for
 * hand-offs to this address, or (retention) made before `before`. Returns the ids changed.
 */
export async function eraseHandoffColleagues(db: Queryable, sel: { email: string } | { before: Date }): Promise<string[]> {
  const where = "email" in sel ? "lower(colleague_email) = lower($1)" : "created_at < $1 AND colleague_name NOT LIKE 'erased colleague %'";
  const { rows } = await db.query(
    `UPDATE section_handoffs SET colleague_name = 'erased colleague ' || id::text, colleague_email = NULL, note = NULL WHERE ${where} RETURNING id::text AS id`,
    ["email" in sel ? sel.email : sel.before],
  );
  return rows.map((r) => r.id as string);
}

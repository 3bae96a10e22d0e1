/** SQL of reminders to Delphi panellists and the extra private links they carry. */
import type { Queryable } from "./queryable.ts";

export async function insertPanellistLink(db: Queryable, panellistId: string, tokenHash: string): Promise<void> {
  await db.query(`INSERT INTO delphi_panellist_links (token_hash, panellist_id) VALUES ($1, $2)`, [tokenHash, panellistId]);
}

/** Panellists of the round reminded successfully since the given time. */
export async function recentlyReminded(db: Queryable, roundId: string, since: Date): Promise<Set<string>> {
  const { rows } = await db.query(`SELECT DISTINCT panellist_id FROM delphi_reminders WHERE round_id = $1 AND outcome = 'sent' AND sent_at > $2`, [roundId, since]);
  return new Set(rows.map((r) => String(r.panellist_id)));
}

export async function recordReminder(db: Queryable, r: { roundId: string; panellistId: string; sentBy: string; outcome: "sent" | "failed"; error: string | null }): Promise<void> {
  await db.query(`INSERT INTO delphi_reminders (round_id, panellist_id, sent_by, outcome, error) VALUES ($1, $2, $3, $4, $5)`, [r.roundId, r.panellistId, r.sentBy, r.outcome, r.error]);
}

/** When each panellist of a study was last reminded successfully (any round). */
export async function lastReminded(db: Queryable, studyId: string): Promise<Map<string, Date>> {
  const { rows } = await db.query(
    `SELECT re.panellist_id, max(re.sent_at) AS at FROM delphi_reminders re JOIN delphi_rounds r ON r.id = re.round_id
      WHERE r.study_id = $1 AND re.outcome = 'sent' GROUP BY re.panellist_id`,
    [studyId],
  );
  return new Map(rows.map((r) => [String(r.panellist_id), r.at as Date]));
}

/** Issuing and revoking LA links (the mail-merge CSV) is recorded in the audit trail. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { issueInvites } from "../../server/services/invite-service.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("invite links in the audit trail", () => {
  it("records one token.issue per LA, and token.revoke on reissue; never the token itself", async () => {
    const { rows } = await issueInvites(db.pool, { publicUrl: "http://localhost:3000", ttlDays: 30 });
    const issued = await db.pool.query(`SELECT la_code, actor, actor_kind, details FROM audit_log WHERE action = 'token.issue'`);
    expect(issued.rows.length).toBe(rows.length);
    expect(new Set(issued.rows.map((r: { la_code: string }) => r.la_code)).size).toBe(rows.length);
    expect(issued.rows[0]).toMatchObject({ actor: "invite-cli", actor_kind: "system" });

    await issueInvites(db.pool, { publicUrl: "http://localhost:3000", ttlDays: 30, reissue: "201", actor: { actor: "00000000-0000-4000-8000-000000000001", actorKind: "user" } });
    const later = await db.pool.query(`SELECT action, actor, details FROM audit_log WHERE la_code = '201' ORDER BY id`);
    expect(later.rows.map((r: { action: string }) => r.action)).toEqual(["token.issue", "token.revoke", "token.issue"]);
    expect(later.rows[1]).toMatchObject({ actor: "00000000-0000-4000-8000-000000000001", details: { revoked: 1, via: "reissue" } });
    const all = JSON.stringify((await db.pool.query(`SELECT * FROM audit_log`)).rows);
    for (const r of rows) expect(all).not.toContain(r.link.split("#")[1]);
  });
});

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import path from "node:path";
import { buildTestApp } from "../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../helpers/auth.ts";
import { seedResponse } from "../helpers/fieldwork-seed.ts";
import { applyRetention, eraseContactsByEmail, eraseContributors, eraseUserByEmail } from "../../server/services/erasure-service.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let researcher: LoggedIn;
beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
});
afterAll(async () => {
  await t?.close();
});

describe("erasing personal data keeps the LA's answers", () => {
  it("erases a contributor: name gone everywhere, answers and history kept under a pseudonym", async () => {
    const { contributorId } = await seedResponse(t.pool, {
      laCode: "207",
      status: "submitted",
      data: { lead_name: "Team answer", analysts: 4 },
      contributor: { name: "Chris Private", role: "Analyst" },
    });
    await t.pool.query(`UPDATE responses SET submitted_by = 'Chris Private (Analyst)', submitted_by_contributor_id = $1 WHERE la_code = '207'`, [contributorId]);
    await t.pool.query(`UPDATE respondent_contributors SET email = 'chris.private@la207.gov.uk' WHERE id = $1`, [contributorId]);
    expect(await eraseContributors(t.pool, { name: "chris private", laCode: "207" }, true)).toEqual([contributorId]);
    expect((await researcher.agent.get("/api/admin/fieldwork/las/207").expect(200)).body.contributors[0].email).toBe("chris.private@la207.gov.uk");
    expect(await eraseContributors(t.pool, { name: "Chris Private", laCode: "207" })).toEqual([contributorId]);
    const dump = JSON.stringify([(await t.pool.query(`SELECT * FROM respondent_contributors`)).rows, (await t.pool.query(`SELECT * FROM responses`)).rows]);
    expect(dump).not.toContain("Chris Private");
    expect(dump.toLowerCase()).not.toContain("chris.private@");
    expect((await researcher.agent.get("/api/admin/fieldwork/las/207").expect(200)).body.contributors[0].email).toBeNull();
    const r = await t.pool.query(`SELECT data FROM responses WHERE la_code = '207'`);
    expect(r.rows[0].data).toEqual({ lead_name: "Team answer", analysts: 4 });
    const tl = await researcher.agent.get("/api/admin/fieldwork/las/207/timeline").expect(200);
    const answers = tl.body.entries.find((e: { kind: string }) => e.kind === "answers");
    expect(answers.who).toBe(`erased contributor ${contributorId}`);
    expect(answers.changes).toHaveLength(2);
    expect(JSON.stringify(tl.body)).not.toContain("Chris Private");
  });

  it("erases a contact from the contact list and the e-mail log", async () => {
    await researcher.agent.post("/api/admin/contacts").set("x-csrf-token", researcher.csrfToken)
      .send({ laCode: "208", name: "Dana Person", email: "dana@la208.gov.uk" }).expect(201);
    await t.pool.query(
      `INSERT INTO email_sends (kind, la_code, contact_id, to_address, subject, outcome) SELECT 'invitation', '208', id, email, 's', 'sent' FROM la_contacts WHERE email = 'dana@la208.gov.uk'`,
    );
    const ids = await eraseContactsByEmail(t.pool, "DANA@la208.gov.uk");
    expect(ids).toHaveLength(1);
    const dump = JSON.stringify([(await t.pool.query(`SELECT * FROM la_contacts`)).rows, (await t.pool.query(`SELECT * FROM email_sends`)).rows]);
    expect(dump).not.toMatch(/dana/i);
    const list = await researcher.agent.get("/api/admin/contacts?laCode=208").expect(200);
    expect(list.body.contacts).toEqual([]);
    const audit = await t.pool.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY id`, [ids[0]]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(["contact.create", "contact.erase"]);
  });

  it("erasing by e-mail also erases a contributor who gave that work e-mail", async () => {
    const { contributorId } = await seedResponse(t.pool, { laCode: "209", status: "in_progress", data: { analysts: 2 }, contributor: { name: "Eli Given", role: "Analyst" } });
    await t.pool.query(`UPDATE respondent_contributors SET email = 'eli.given@la209.gov.uk' WHERE id = $1`, [contributorId]);
    expect(await eraseContactsByEmail(t.pool, "Eli.Given@LA209.gov.uk")).toEqual([`contributor:${contributorId}`]);
    const row = (await t.pool.query(`SELECT name, role, email FROM respondent_contributors WHERE id = $1`, [contributorId])).rows[0];
    expect(row).toEqual({ name: `erased contributor ${contributorId}`, role: "", email: null });
    expect((await t.pool.query(`SELECT data FROM responses WHERE la_code = '209'`)).rows[0].data).toEqual({ analysts: 2 });
  });

  it("erases a console user: cannot sign in, audit entries keep the id", async () => {
    const v = await loginAs(t.app, "viewer", "erase.me@example.org");
    expect(await eraseUserByEmail(t.pool, "erase.me@example.org")).toEqual([v.user.id]);
    await v.agent.get("/api/auth/me").expect(401);
    const u = await t.pool.query(`SELECT email, password_hash FROM users WHERE id = $1`, [v.user.id]);
    expect(u.rows[0]).toEqual({ email: `erased-user-${v.user.id}@invalid`, password_hash: null });
    const a = await t.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor = $1 AND action = 'auth.login'`, [v.user.id]);
    expect(a.rows[0].n).toBe(1);
  });

  it("retention erases contacts and contributors idle for longer than RETENTION_DAYS and purges old audit entries", async () => {
    await researcher.agent.post("/api/admin/contacts").set("x-csrf-token", researcher.csrfToken)
      .send({ laCode: "209", name: "Old Contact", email: "old@la209.gov.uk" }).expect(201);
    const future = new Date(Date.now() + 800 * 86_400_000);
    const dry = await applyRetention(t.pool, 730, future, true);
    expect(dry.contacts).toBeGreaterThanOrEqual(1);
    expect((await t.pool.query(`SELECT 1 FROM la_contacts WHERE email = 'old@la209.gov.uk'`)).rows).toHaveLength(1);
    const done = await applyRetention(t.pool, 730, future);
    expect(done.contacts).toBe(dry.contacts);
    expect((await t.pool.query(`SELECT 1 FROM la_contacts WHERE email = 'old@la209.gov.uk'`)).rows).toHaveLength(0);
    const left = await t.pool.query(`SELECT action FROM audit_log`);
    expect(left.rows.map((r: { action: string }) => r.action)).toEqual(["privacy.retention"]);
  });
});

describe("npm run erase-personal-data", () => {
  it("erases by contact e-mail from the command line and refuses ambiguous options", async () => {
    await t.pool.query(`INSERT INTO la_contacts (la_code, name, email) VALUES ('210', 'Eve Cli', 'eve@la210.gov.uk')`);
    const run = (args: string[]) =>
      new Promise<{ status: number | null; out: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/erase-personal-data.ts", ...args], {
          cwd: path.resolve(import.meta.dirname, "../.."),
          env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "silent", DB_CONNECT_RETRIES: "0" },
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, out }));
      });
    const both = await run(["--contact-email", "eve@la210.gov.uk", "--retention"]);
    expect(both.status).toBe(1);
    expect(both.out).toMatch(/exactly one/);
    const ok = await run(["--contact-email", "eve@la210.gov.uk"]);
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toMatch(/Erased 1 contact record/);
    expect((await t.pool.query(`SELECT 1 FROM la_contacts WHERE email = 'eve@la210.gov.uk'`)).rows).toHaveLength(0);
  });
});

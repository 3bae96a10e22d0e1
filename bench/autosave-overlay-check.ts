/**
 * Does the overlay statement (bench/lib/autosave-overlay.ts) give the same answers as the real one?
 * Two throw-away databases, two bench servers (the real app, and the app with the overlay statement),
 * the same seeded sequences of PATCHes against both: saves from the latest version and from stale
 * ones (conflicts and updates from colleagues), cleared answers, matrix rows, comments and long texts
 * (> 200 characters: the change log keeps their old text as an edit). Compares, request by request,
 * the status and body (timestamps left out); then each LA's stored answers and field versions (the
 * overlay's through the view `responses_overlaid`) and its change log.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/autosave-overlay-check.ts [--las 6] [--saves 120]
 */
import assert from "node:assert/strict";
import { Command } from "commander";
import { createBenchDatabase } from "./lib/bench-database.ts";
import { startServers } from "./autosave-bench.ts";
import { prepareLas } from "../test/support/fieldwork-setup.ts";
import { answerFields, randomValue, seededRandom } from "../test/support/answer-fields.ts";

const o = new Command().option("--las <n>", "LAs", "6").option("--saves <n>", "saves per LA", "120").parse().opts();
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("set DATABASE_URL");

/** Drop timestamps (who changed a field, and when: the two runs differ only there). */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "at" && k !== "changedAt").map(([k, x]) => [k, strip(x)]));
  return v;
}

const real = await createBenchDatabase(adminUrl, "overlay_check_real");
const over = await createBenchDatabase(adminUrl, "overlay_check_overlay");
const rs = await startServers(real.url);
const os = await startServers(over.url, { overlay: true });
try {
  const a = await prepareLas(real.pool, { laCount: Number(o.las) });
  const b = await prepareLas(over.pool, { laCount: Number(o.las) });
  const fields = answerFields(a.structure);
  const rand = seededRandom(19);
  const counts = { saves: 0, ok: 0, conflicts: 0, other: 0, cleared: 0, long: 0 };
  for (let i = 0; i < a.las.length; i++) {
    const pair = [{ port: rs.app, token: a.las[i].token }, { port: os.app, token: b.las[i].token }];
    assert.equal(a.las[i].laCode, b.las[i].laCode);
    // only a few fields per LA, so saves from stale versions meet colleagues' changes often
    const pool = Array.from({ length: 8 }, () => fields[Math.floor(rand() * fields.length)]);
    const seen: number[] = [0];
    for (let n = 0; n < Number(o.saves); n++) {
      const base = rand() < 0.6 ? seen[seen.length - 1] : seen[Math.floor(rand() * seen.length)];
      const changes: Record<string, unknown> = {};
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const f = pool[Math.floor(rand() * pool.length)];
        const r = rand();
        if (r < 0.15) {
          changes[f.key] = null;
          counts.cleared++;
        } else if (r < 0.35 && (f.spec.kind === "string" || f.spec.kind === "string_or_number")) {
          changes[f.key] = `${"long text ".repeat(25)}${Math.floor(rand() * 4)}`; // 250+ characters, often the same
          counts.long++;
        } else changes[f.key] = randomValue(f.spec, rand, `#${n}`);
      }
      const who = rand() < 0.5 ? { name: "Ann", role: "Head of performance" } : { name: "Bob", role: "Analyst" };
      const body = JSON.stringify({ changes, contributor: who });
      const answers = [];
      for (const p of pair) {
        const res = await fetch(`http://127.0.0.1:${p.port}/api/respondent/response`, {
          method: "PATCH",
          headers: { "content-type": "application/json", authorization: `Bearer ${p.token}`, "if-match": String(base) },
          body,
        });
        answers.push({ status: res.status, body: strip(await res.json()) });
      }
      assert.deepEqual(answers[1], answers[0], `LA ${a.las[i].laCode} save ${n}: overlay answered differently`);
      counts.saves++;
      if (answers[0].status === 200) {
        counts.ok++;
        seen.push((answers[0].body as { version: number }).version);
      } else if (answers[0].status === 409) counts.conflicts++;
      else counts.other++;
    }
  }
  const stored = async (db: typeof real, from: string) =>
    (await db.pool.query(`SELECT la_code, version, data, field_versions FROM ${from} ORDER BY la_code`)).rows;
  assert.deepEqual(await stored(over, "responses_overlaid"), await stored(real, "responses"), "stored answers or field versions differ");
  const log = async (db: typeof real) =>
    (await db.pool.query(
      `SELECT r.la_code, c.version, c.question, c.old_value, c.new_value, c.old_is_edit, p.name
         FROM response_changes c JOIN responses r ON r.id = c.response_id LEFT JOIN respondent_contributors p ON p.id = c.contributor_id
        ORDER BY r.la_code, c.version, c.id`,
    )).rows;
  const logs = [await log(real), await log(over)];
  assert.deepEqual(logs[1], logs[0], "change logs differ");
  const { rows: ov } = await over.pool.query("SELECT count(*)::int AS n FROM response_fields");
  const { rows: docs } = await over.pool.query("SELECT count(*)::int AS n FROM responses WHERE data <> '{}'::jsonb OR field_versions <> '{}'::jsonb");
  assert.equal(docs[0].n, 0, "the overlay statement wrote responses.data or field_versions");
  console.log(`same answers: ${JSON.stringify(counts)}; ${logs[0].length} change-log rows alike; ${ov[0].n} overlay rows, responses.data untouched in the overlay database`);

  // Colleagues saving one LA at once (overlay only): a save that waited for the row lock must not
  // merge against overlay rows its snapshot read before the colleague committed. Each batch saves
  // distinct fields concurrently from the same base version; every answer saved must be stored.
  const textFields = fields.filter((f) => f.spec.kind === "string");
  let concurrent = 0;
  for (let i = 0; i < b.las.length; i++) {
    for (let batch = 0; batch < 15; batch++) {
      const { rows: cur } = await over.pool.query("SELECT version FROM responses WHERE la_code = $1", [b.las[i].laCode]);
      const picks = [0, 1, 2, 3].map((j) => ({ key: textFields[(batch * 4 + j) % textFields.length].key, value: `batch ${batch} save ${j}` }));
      const res = await Promise.all(
        picks.map((p) =>
          fetch(`http://127.0.0.1:${os.app}/api/respondent/response`, {
            method: "PATCH",
            headers: { "content-type": "application/json", authorization: `Bearer ${b.las[i].token}`, "if-match": String(cur[0].version) },
            body: JSON.stringify({ changes: { [p.key]: p.value }, contributor: { name: "Ann", role: "Head of performance" } }),
          }),
        ),
      );
      const { rows: st } = await over.pool.query("SELECT data FROM responses_overlaid WHERE la_code = $1", [b.las[i].laCode]);
      for (const [j, r] of res.entries()) {
        assert.equal(r.status, 200, `concurrent save ${j} of batch ${batch}: ${r.status} ${await r.text()}`);
        assert.equal(st[0].data[picks[j].key], picks[j].value, `concurrent save ${j} of batch ${batch} lost`);
        concurrent++;
      }
    }
  }
  const { rows: docs2 } = await over.pool.query("SELECT count(*)::int AS n FROM responses WHERE data <> '{}'::jsonb");
  assert.equal(docs2[0].n, 0, "a concurrent save went the usual (document) way");
  console.log(`${concurrent} concurrent saves (4 at once on one LA): all saved, none lost`);
} finally {
  await rs.stop();
  await os.stop();
  await real.drop();
  await over.drop();
}

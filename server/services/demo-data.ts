/**
 * Synthetic demo fieldwork for all 153 LAs, written through the same code paths as real responses
 * (response creation, per-field merged saves by named contributors, server-validated submit), and
 * marked as demo (responses.is_demo). Deterministic: the same LA always gets the same answers.
 *
 * Refuses a database that already holds real (non-demo) answers unless `force` is set; with force,
 * only LAs without a started response get demo data. Running it again on a demo database does
 * nothing.
 */
import type pg from "pg";
import crypto from "node:crypto";
import type { AppConfig } from "../config.ts";
import { loadDefinitions, type DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import type { LoadedDefinition } from "../domain/definitions/types.ts";
import { questionIndex } from "../domain/definitions/question-index.ts";
import { generateDemoAnswers, seedOf, seededRng, type DemoOptions } from "../domain/demo/generate-demo-answers.ts";
import { DefinitionCache } from "./definition-cache.ts";
import { ensureDefinitionRow, findOrCreateResponse } from "../repositories/responses-repository.ts";
import { saveChanges, submitResponse } from "./response-service.ts";
import { issueInvites } from "./invite-service.ts";

export interface DemoSummary {
  notStarted: number;
  inProgress: number;
  submitted: number;
  skipped: number;
  login?: { email: string; password: string };
  links: { laCode: string; laName: string; status: string; link: string }[];
}

const FIRST = ["Alex", "Sam", "Priya", "Jordan", "Chris", "Fatima", "Tom", "Aisha", "Rob", "Grace", "Imran", "Kate"];
const LAST = ["Morgan", "Patel", "Hughes", "Okafor", "Clarke", "Ahmed", "Walsh", "Evans", "Khan", "Taylor"];
const ROLES = ["Head of Performance and Intelligence", "BI Manager", "Data Analyst", "Systems Manager", "Principal Social Worker"];

export class DemoRefusedError extends Error {}

export interface DemoAnswering {
  registry: DefinitionRegistry;
  def: LoadedDefinition;
  cache: DefinitionCache;
  /** Deterministic demo answers for one LA: `capability` 0 (weakest) to 1 (strongest), `completeness` the share answered. */
  answers(laCode: string, laName: string, opts: Pick<DemoOptions, "rng" | "capability" | "completeness">): Record<string, unknown>;
}

/**
 * What answering the current definition with demo answers needs: its row in the database, a
 * definition cache for the save path, and answers ranked so strong LAs answer strongly. The demo
 * loader and the score browser tests' fixture both start here.
 */
export async function prepareDemoAnswers(pool: pg.Pool): Promise<DemoAnswering> {
  const registry = loadDefinitions();
  const def = registry.current();
  await ensureDefinitionRow(pool, {
    surveyId: def.surveyId,
    version: def.version,
    hash: def.hash,
    definition: { survey: def.survey, catalogue: def.catalogue, rules: def.rules },
  });
  const cache = new DefinitionCache(async () => registry);
  const index = questionIndex(def);
  // Ranked choices (best first) for the questions the capability rules value, so strong LAs answer strongly.
  const preferences: Record<string, (string | number | boolean)[]> = {};
  for (const dim of def.rules.capability.dimensions) {
    for (const q of dim.questions) {
      preferences[q.question] = Object.entries(q.points)
        .sort((a, b) => b[1] - a[1])
        .map(([v]) => v);
    }
  }
  return { registry, def, cache, answers: (laCode, laName, o) => generateDemoAnswers(index, { ...o, preferences, laCode, laName }) };
}

export async function loadDemoData(
  pool: pg.Pool,
  opts: { force: boolean; log: (m: string) => void; config: Pick<AppConfig, "publicUrl" | "tokenTtlDays">; now?: Date },
): Promise<DemoSummary> {
  const real = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM responses WHERE NOT is_demo AND (status <> 'not_started' OR version > 0)",
  );
  if (real.rows[0].n > 0 && !opts.force) {
    throw new DemoRefusedError(
      `This database holds ${real.rows[0].n} real response(s); demo data was not loaded. Use --force to add demo data for LAs without a response.`,
    );
  }
  const existingDemo = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM responses WHERE is_demo");
  const summary: DemoSummary = { notStarted: 0, inProgress: 0, submitted: 0, skipped: 0, links: [] };
  if (existingDemo.rows[0].n > 0 && !opts.force) {
    opts.log(`Demo data already loaded (${existingDemo.rows[0].n} demo responses); nothing to do.`);
    return summary;
  }

  const { def, cache, answers } = await prepareDemoAnswers(pool);

  const las = await pool.query<{ la_code: string; name: string; started: boolean }>(
    `SELECT l.la_code, l.name, (r.id IS NOT NULL AND (r.status <> 'not_started' OR r.version > 0)) AS started
       FROM las l LEFT JOIN responses r ON r.la_code = l.la_code ORDER BY l.la_code`,
  );
  const now = opts.now ?? new Date();
  const fieldworkStart = new Date(now.getTime() - 42 * 86_400_000);
  opts.log(`Loading demo fieldwork for ${las.rows.length} LAs (definition ${def.surveyId} v${def.version})…`);

  let done = 0;
  for (const la of las.rows) {
    if (++done % 25 === 0) opts.log(`  … ${done} of ${las.rows.length} LAs`);
    if (la.started) {
      summary.skipped++;
      continue;
    }
    const rng = seededRng(seedOf(`demo:${la.la_code}`));
    const draw = rng();
    const status = draw < 0.1 ? "not_started" : draw < 0.32 ? "in_progress" : "submitted";
    const capability = Math.min(1, Math.max(0, 0.5 + (rng() + rng() + rng() - 1.5) * 0.6));
    const response = await findOrCreateResponse(pool, la.la_code, def);
    await pool.query("UPDATE responses SET is_demo = true WHERE id = $1", [response.id]);
    if (status === "not_started") {
      summary.notStarted++;
      continue;
    }
    const data = answers(la.la_code, la.name, { rng, capability, completeness: status === "submitted" ? 1 : 0.3 + rng() * 0.5 });
    // 1-3 named (synthetic) colleagues share the work, each saving their part.
    const people = 1 + Math.floor(rng() * 3);
    const contributors = Array.from({ length: people }, () => ({
      name: `${FIRST[Math.floor(rng() * FIRST.length)]} ${LAST[Math.floor(rng() * LAST.length)]} (demo)`,
      role: ROLES[Math.floor(rng() * ROLES.length)],
    }));
    const keys = Object.keys(data);
    let version = 0;
    for (let p = 0; p < people; p++) {
      const part = keys.filter((_, i) => i % people === p);
      if (part.length === 0) continue;
      const changes = Object.fromEntries(part.map((k) => [k, data[k]]));
      const r = await saveChanges(pool, cache, la.la_code, { baseVersion: version, changes, contributor: contributors[p] });
      version = r.version;
    }
    let finalStatus = "in_progress";
    if (status === "submitted") {
      try {
        await submitResponse(pool, cache, la.la_code, { contributor: contributors[0] });
        finalStatus = "submitted";
      } catch (err) {
        opts.log(`  ${la.la_code} ${la.name}: left in progress (${(err as Error).message})`);
      }
    }
    if (finalStatus === "submitted") summary.submitted++;
    else summary.inProgress++;
    // Spread the demo fieldwork over six weeks so progress-over-time views have a shape.
    const started = new Date(fieldworkStart.getTime() + rng() * 30 * 86_400_000);
    const lastSaved = new Date(Math.min(now.getTime(), started.getTime() + (1 + rng() * 10) * 86_400_000));
    await pool.query(
      `UPDATE responses SET first_saved_at = $2, last_saved_at = $3,
              submitted_at = CASE WHEN status = 'submitted' THEN $3 ELSE submitted_at END WHERE id = $1`,
      [response.id, started, lastSaved],
    );
  }

  // A demo login for the researcher console (admin, random password shown once).
  try {
    const { createUser } = await import("./user-admin-service.ts");
    const email = "demo-admin@example.org";
    const exists = await pool.query("SELECT 1 FROM users WHERE email = $1", [email]);
    if (exists.rowCount === 0) {
      const password = `demo-${crypto.randomBytes(9).toString("base64url")}`;
      await createUser(pool, { email, role: "admin", password }, { actor: "demo-loader", actorKind: "system" });
      summary.login = { email, password };
    }
  } catch (err) {
    opts.log(`Demo login not created: ${(err as Error).message}`);
  }

  // Links for two demo LAs so the respondent journey can be tried at once.
  const tryLas = await pool.query<{ la_code: string; name: string; status: string }>(
    `SELECT r.la_code, l.name, r.status FROM responses r JOIN las l USING (la_code)
      WHERE r.is_demo AND r.status IN ('not_started', 'in_progress')
        AND r.la_code IN (SELECT min(la_code) FROM responses WHERE is_demo AND status IN ('not_started', 'in_progress') GROUP BY status)
      ORDER BY r.status, r.la_code`,
  );
  for (const la of tryLas.rows) {
    const { rows } = await issueInvites(pool, { publicUrl: opts.config.publicUrl, ttlDays: opts.config.tokenTtlDays, reissue: la.la_code });
    if (rows[0]) summary.links.push({ laCode: la.la_code, laName: la.name, status: la.status, link: rows[0].link });
  }

  opts.log(
    `Demo data: ${summary.submitted} submitted, ${summary.inProgress} in progress, ${summary.notStarted} not started` +
      (summary.skipped ? `, ${summary.skipped} skipped (real responses)` : "") +
      ". All are marked as demo.",
  );
  if (summary.login) opts.log(`Demo console login: ${summary.login.email} / ${summary.login.password}  (shown once)`);
  for (const l of summary.links) opts.log(`Demo respondent link for ${l.laName} (${l.status.replace("_", " ")}): ${l.link}`);
  return summary;
}

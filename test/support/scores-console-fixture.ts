/**
 * The data behind the score and case-study browser tests: a handful of LA responses answered through
 * the real save/submit path with deterministic demo answers (strong to weak), all agreeing to
 * case-study work, scored by the scoring service as the API reads them; and the app serving a private
 * copy of the built client, with a researcher and a viewer account.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { ensureFreshClient } from "../e2e/console-helpers.ts";
import type { TestApp } from "../helpers/build-test-app.ts";
import { serveWithClient } from "./browser-app.ts";
import { createAccount } from "../helpers/auth.ts";
import { seedOf, seededRng } from "../../server/domain/demo/generate-demo-answers.ts";
import { prepareDemoAnswers } from "../../server/services/demo-data.ts";
import { findOrCreateResponse } from "../../server/repositories/responses-repository.ts";
import { saveChanges, submitResponse } from "../../server/services/response-service.ts";
import { refreshStaleScores } from "../../server/services/scoring-service.ts";

/** LA code -> latent capability (0 weakest .. 1 strongest). Two London boroughs so a region filter narrows the table. */
export const FIXTURE: Record<string, number> = {
  "204": 0.15, // Hackney, London
  "206": 0.9, // Islington, London
  "330": 0.35, // Birmingham
  "886": 0.6, // Kent
  "840": 0.95, // Durham
  "881": 0.2, // Essex
  "341": 0.7, // Liverpool
  "380": 0.45, // Bradford
  "892": 0.55, // Nottingham
  "802": 0.8, // North Somerset
};

export async function loadFixtureResponses(pool: pg.Pool): Promise<void> {
  const { registry, def, cache, answers } = await prepareDemoAnswers(pool);
  const names = await pool.query<{ la_code: string; name: string }>("SELECT la_code, name FROM las WHERE la_code = ANY($1)", [Object.keys(FIXTURE)]);
  const contributor = { name: "Test Analyst", role: "BI lead" };
  for (const { la_code: laCode, name } of names.rows) {
    const data = answers(laCode, name, { rng: seededRng(seedOf(`e2e:${laCode}`)), capability: FIXTURE[laCode], completeness: 1 });
    await findOrCreateResponse(pool, laCode, def);
    const saved = await saveChanges(pool, cache, laCode, { baseVersion: 0, changes: data, contributor });
    if (data.cs_willing !== "yes") await saveChanges(pool, cache, laCode, { baseVersion: saved.version, changes: { cs_willing: "yes" }, contributor });
    try {
      await submitResponse(pool, cache, laCode, { contributor });
    } catch (err) {
      throw new Error(`fixture ${laCode} could not be submitted: ${(err as Error).message} ${JSON.stringify((err as { details?: unknown }).details ?? "")}`);
    }
  }
  const r = await refreshStaleScores(pool, registry, { surveyId: def.surveyId });
  if (r.failed.length) throw new Error(`fixture scoring failed: ${JSON.stringify(r.failed)}`);
}

/**
 * A private copy of the built client: other test files rebuild client/dist while this one runs (the
 * working tree is shared), and a rebuild mid-run would serve a half-written bundle.
 */
function snapshotClient(): string {
  for (let attempt = 0; ; attempt++) {
    const dist = ensureFreshClient();
    const snap = fs.mkdtempSync(path.join(os.tmpdir(), "console-client-"));
    fs.cpSync(dist, snap, { recursive: true });
    const index = path.join(snap, "index.html");
    const assets = fs.existsSync(index) ? [...fs.readFileSync(index, "utf8").matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]) : [];
    const lazyConsole = fs.existsSync(path.join(snap, "assets")) && fs.readdirSync(path.join(snap, "assets")).some((n) => /^console-app-.*\.js$/.test(n));
    if (lazyConsole && assets.length > 0 && assets.every((a) => fs.existsSync(path.join(snap, a)))) return snap;
    fs.rmSync(snap, { recursive: true, force: true });
    if (attempt >= 5) throw new Error("client/dist kept changing while it was copied");
    execSync("sleep 5");
  }
}

export interface Fixture {
  t: TestApp;
  base: string;
  client: string;
  accounts: { researcher: { email: string; password: string }; viewer: { email: string; password: string } };
}

export async function startApp(): Promise<Fixture> {
  const client = snapshotClient();
  const { t, base } = await serveWithClient({ clientRoot: client });
  const researcher = await createAccount(t.app, "researcher", "researcher@research.example");
  const viewer = await createAccount(t.app, "viewer", "viewer@research.example");
  return { t, base, client, accounts: { researcher, viewer } };
}

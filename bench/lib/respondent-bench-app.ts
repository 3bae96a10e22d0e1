/**
 * The browser benches' service: the app on a throw-away database serving the built client, and one
 * LA's survey link opened on `pageName` (the page the bench measures) before the browser arrives.
 */
import { buildApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { createBenchDatabase } from "./bench-database.ts";
import { makeToken } from "../../test/routes/respondent/respondent-fixtures.ts";

export async function startRespondentBenchApp(adminUrl: string, dbName: string, clientRoot: string, pageName: string) {
  const db = await createBenchDatabase(adminUrl, dbName);
  const config = loadConfig({ LOG_LEVEL: "silent", SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00" });
  const app = await buildApp({ config, database: { url: db.url, kind: "postgres" }, logger: false, clientRoot });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  const base = `http://127.0.0.1:${addr.port}`;
  const la = (await db.pool.query("SELECT la_code FROM las ORDER BY la_code LIMIT 1")).rows[0].la_code as string;
  const token = await makeToken(db.pool, la);
  const headers = { authorization: `Bearer ${token}` };
  await app.inject({ method: "GET", url: "/api/respondent/response", headers });
  const contributor = { name: "Bench", role: "Bench" };
  await app.inject({ method: "PATCH", url: "/api/respondent/response", headers: { ...headers, "if-match": "0" }, payload: { changes: {}, contributor, uiState: { currentPageName: pageName } } });
  return { db, app, base, la, token, headers };
}

/**
 * GET /api/admin/scores/:laCode explains capability in the questionnaire's words: every dimension step
 * quotes the question and the answer as the respondent read them, never a question name or a coded
 * answer, and the profile summary of an LA with too few dimensions says "Not enough information".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../../server/domain/definitions/question-index.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

const current = loadDefinitions().current();
const questions = questionIndex(current);
let t: TestApp;
let researcher: LoggedIn;
let laCode: string;

beforeAll(async () => {
  t = await buildTestApp();
  laCode = (await t.pool.query("SELECT la_code FROM las ORDER BY la_code LIMIT 1")).rows[0].la_code;
  await t.pool.query(
    `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [current.surveyId, current.version, current.hash, JSON.stringify({ survey: current.survey, catalogue: current.catalogue, rules: current.rules })],
  );
  await t.pool.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status) VALUES ($1, $2, $3, $4, $5, 1, 'in_progress')`,
    [laCode, current.surveyId, current.version, current.hash, JSON.stringify({ cap_analyst_fte: "f11_plus", dw_exists: "dedicated" })],
  );
  researcher = await loginAs(t.app, "researcher");
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/scores/:laCode wording", () => {
  it("quotes question and answer wording in the dimension steps, never codes", async () => {
    const res = await researcher.agent.get(`/api/admin/scores/${laCode}`).expect(200);
    const steps: string = res.body.capability.dimensions.flatMap((d: { steps: string[] }) => d.steps).join("\n");
    const dw = questions.dw_exists;
    expect(steps).toContain(`"${dw.title.trim()}": answered "${dw.choices!.find((c) => c.value === "dedicated")!.text.trim()}" = 100 points`);
    expect(steps).toContain(`"${questions.cap_analyst_fte.title.trim()}"`);
    for (const q of current.rules.capability.dimensions.flatMap((d) => d.questions)) expect(steps).not.toContain(`${q.question}:`);
    expect(steps).not.toMatch(/\bf11_plus\b|\bdedicated\b(?!")/);
    expect(steps).not.toMatch(/\.\)\./);
  });

  it("states an LA without a capability band the same way everywhere: Not enough information", async () => {
    const res = await researcher.agent.get(`/api/admin/scores/${laCode}`).expect(200);
    expect(res.body.capabilityBand).toBe("unknown");
    expect(res.body.capability.summary.text).toMatch(/^Not enough information for a capability band/);
    expect(res.body.capability.summary.text).not.toMatch(/unknown/);
  });
});

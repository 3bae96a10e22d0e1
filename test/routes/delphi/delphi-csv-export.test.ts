/**
 * The Delphi results as CSV files with a codebook, over the API: read back with a real CSV parser
 * (and in R where it is installed) to prove that every column is in the codebook, every coded
 * value has a label there, and the figures are those of the results API. Panellists appear only by
 * pseudonymous id unless an admin asks for personal data with a reason (a researcher gets 403);
 * then names, e-mail addresses and groups are included, never those of an erased panellist, and the
 * audit trail says who asked, when and why. Formula-like text is neutralised.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { listAudit } from "../../../server/repositories/audit-repository.ts";
import { eraseContactsByEmail } from "../../../server/services/erasure-service.ts";
import { readZip } from "../../domain/exports/read-zip.ts";
import { requireTool, rRequired, rscriptPath, run, runsWith } from "../../support/statistics-tools.ts";

const FORMULA_NAME = "=SUM(1,2) children seen";
const FORMULA_COMMENT = '@cmd|" /C calc"!A0 see "quotes", and commas';
let t: TestApp;
let researcher: LoggedIn;
let admin: LoggedIn;
let viewer: LoggedIn;
let studyId: string;
let itemId: string;
let dir: string;
const panel = [
  { name: "Siân Ó Briain", email: "sian@panel.example", group: "practitioners" },
  { name: "Named Person 1", email: "named1@panel.example", group: "practitioners" },
  { name: "Erased Person", email: "erased@panel.example", group: "la_leaders" },
];
const post = (who: LoggedIn, path: string, body: object = {}) => who.agent.post(path).set("x-csrf-token", who.csrfToken).send(body);
const binary = (r: supertest.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = r as unknown as NodeJS.ReadableStream;
  stream.on("data", (c: Buffer) => chunks.push(c));
  stream.on("end", () => cb(null, Buffer.concat(chunks)));
};
type Rows = Record<string, string>[];
const table = (files: Map<string, Buffer>, name: string): Rows => parse(files.get(name)!.toString("utf8"), { columns: true, bom: true, skip_empty_lines: true }) as Rows;

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
  admin = await loginAs(t.app, "admin");
  viewer = await loginAs(t.app, "viewer");
  dir = await mkdtemp(join(tmpdir(), "delphi-csv-"));
  studyId = (await post(researcher, "/api/admin/delphi/studies", { title: "CSV study" }).expect(200)).body.id;
  itemId = (await post(researcher, `/api/admin/delphi/studies/${studyId}/items`, { name: FORMULA_NAME, definition: "", outcomeArea: "" }).expect(200)).body.id;
  const tokens = (await post(researcher, `/api/admin/delphi/studies/${studyId}/panellists`, { panellists: panel }).expect(200)).body.panellists.map((p: { link: string }) => p.link.split("#")[1]);
  await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/open`, { items: [itemId] }).expect(200);
  const rate = (i: number, body: object) => supertest(t.app.server).put("/api/delphi/ratings").set("authorization", `Bearer ${tokens[i]}`).send(body).expect(200);
  await rate(0, { ratings: { [itemId]: 9 }, comments: { [itemId]: FORMULA_COMMENT } });
  await rate(1, { ratings: { [itemId]: "unable" } });
  await rate(2, { ratings: { [itemId]: 3 } });
  await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/close`).expect(200);
  await eraseContactsByEmail(t.pool, "erased@panel.example");
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function download(who: LoggedIn, body?: object): Promise<Map<string, Buffer>> {
  const url = `/api/admin/delphi/studies/${studyId}/results.zip`;
  const req = body ? post(who, url, body) : who.agent.get(url);
  const res = await req.buffer(true).parse(binary).expect(200);
  expect(res.headers["content-type"]).toBe("application/zip");
  expect(res.headers["content-disposition"]).toMatch(new RegExp(`attachment; filename="delphi-${studyId}-results-${body ? "personal-" : ""}\\d{4}-\\d{2}-\\d{2}\\.zip"`));
  return readZip(res.body as Buffer);
}

describe("Delphi results as CSV with a codebook", () => {
  it("is for researchers; personal data only for an admin who says why", async () => {
    const url = `/api/admin/delphi/studies/${studyId}/results.zip`;
    await supertest(t.app.server).get(url).expect(401);
    await viewer.agent.get(url).expect(403);
    await researcher.agent.get(`/api/admin/delphi/studies/999999/results.zip`).expect(404);
    const refused = await post(researcher, url, { includePersonal: true, reason: "Sending certificates of participation" }).expect(403);
    expect(refused.body.message).toMatch(/Only an admin can export personal data/);
    const noReason = await post(admin, url, { includePersonal: true, reason: "  " }).expect(400);
    expect(noReason.body.field).toBe("reason");
  });

  it("documents every column and value in the codebook, with the figures of the results API and no personal data", async () => {
    const files = await download(researcher);
    expect([...files.keys()].sort()).toEqual(["README.txt", "codebook.csv", "comments.csv", "methods.csv", "ratings.csv", "results.csv"]);
    const codebook = table(files, "codebook.csv");
    for (const name of ["methods.csv", "results.csv", "ratings.csv", "comments.csv"]) {
      const rows = table(files, name);
      const header = (parse(files.get(name)!.toString("utf8"), { to_line: 1 }) as string[][])[0];
      const documented = [...new Set(codebook.filter((c) => c.file === name).map((c) => c.variable))];
      expect(header, name).toEqual(documented);
      for (const variable of header) {
        const values = codebook.filter((c) => c.file === name && c.variable === variable && c.value !== "").map((c) => c.value);
        if (values.length === 0) continue;
        for (const r of rows) if (r[variable] !== "") expect(values, `${name} ${variable}`).toContain(r[variable]);
      }
    }
    expect(codebook.find((c) => c.file === "ratings.csv" && c.variable === "rating" && c.value === "99")).toMatchObject({ value_label: "Unable to score", missing: "yes" });
    expect(codebook.find((c) => c.file === "ratings.csv" && c.variable === "rating" && c.value === "9")).toMatchObject({ value_label: "9: critical", missing: "no" });

    const ratings = table(files, "ratings.csv");
    expect(ratings.map((r) => r.rating).sort()).toEqual(["3", "9", "99"]);
    expect(ratings.every((r) => /^P\d+$/.test(r.panellist))).toBe(true);
    const api = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}/results`).expect(200)).body.items.find((i: { id: string }) => i.id === itemId).rounds[0];
    const overall = table(files, "results.csv").find((r) => r.item_id === itemId && r.group === "all")!;
    expect(overall.item).toBe(`'${FORMULA_NAME}`);
    expect([overall.rated, overall.unable, overall.median, overall.pct_7_to_9, overall.n_rating_9]).toEqual([String(api.nRated), String(api.nUnable), String(api.median), String(api.pct7to9), "1"]);
    expect(overall.consensus).toBe(String({ in: 1, none: 2, out: 3 }[api.consensus as "in"]));
    expect(table(files, "comments.csv")[0].comment).toBe(`'${FORMULA_COMMENT}`);
    expect(table(files, "methods.csv").map((r) => r.value).join(" ")).toMatch(/ACCORD.*CREDES/);
    expect(JSON.stringify([...files.values()].map((b) => b.toString("utf8")))).not.toMatch(/Siân|Named Person|panel\.example/);
    const audit = (await listAudit(t.pool, { action: "delphi.export" })).find((a) => (a.details as { format?: string }).format === "zip");
    expect(audit).toMatchObject({ actor: researcher.user.id, details: { includePersonal: false } });
  });

  it("with personal data: names, e-mail addresses and groups of the panel, never of an erased panellist, audited with who, when and why", async () => {
    const reason = "Certificates of participation for the panel";
    const files = await download(admin, { includePersonal: true, reason });
    const panellists = table(files, "panellists.csv");
    expect(panellists.map((p) => [p.name, p.email, p.group]).sort()).toEqual([["Named Person 1", "named1@panel.example", "practitioners"], ["Siân Ó Briain", "sian@panel.example", "practitioners"]]);
    const ratings = table(files, "ratings.csv");
    expect(ratings.find((r) => r.rating === "9")).toMatchObject({ panellist_name: "Siân Ó Briain", panellist_email: "sian@panel.example", group: "practitioners" });
    // the erased panellist's rating stays under the id, with no name or address
    expect(ratings.find((r) => r.rating === "3")).toMatchObject({ panellist_name: "", panellist_email: "", group: "la_leaders" });
    expect(JSON.stringify([...files.values()].map((b) => b.toString("utf8")))).not.toMatch(/Erased Person|erased@panel|erased-panellist|erased panellist \d/);
    expect(table(files, "codebook.csv").filter((c) => c.file === "panellists.csv").map((c) => c.variable)).toContain("email");
    expect(files.get("README.txt")!.toString()).toMatch(/Personal data IS included/);
    const audit = (await listAudit(t.pool, { action: "delphi.export" })).find((a) => (a.details as { includePersonal?: boolean }).includePersonal === true)!;
    expect(audit).toMatchObject({ actor: admin.user.id, subject: `delphi:${studyId}`, details: { format: "zip", reason, panellists: 2 } });
    expect(Date.now() - new Date(audit.at).getTime()).toBeLessThan(120_000);
  });

  describe.runIf(runsWith({ path: rscriptPath, required: rRequired }))("in R", () => {
    it("reads every file, and every coded value is labelled in the codebook", { timeout: 120_000 }, async () => {
      const rscript = requireTool(rscriptPath, "R", "r-base-core");
      const files = await download(researcher);
      for (const [name, body] of files) await writeFile(join(dir, name), body);
      await writeFile(
        join(dir, "check.R"),
        `cb <- read.csv("codebook.csv", colClasses = "character", encoding = "UTF-8")
out <- c()
for (f in unique(cb$file)) {
  d <- read.csv(f, colClasses = "character", encoding = "UTF-8", check.names = FALSE)
  vars <- unique(cb$variable[cb$file == f])
  if (!identical(names(d), vars)) out <- c(out, paste("columns differ in", f))
  for (v in vars) {
    coded <- cb$value[cb$file == f & cb$variable == v & cb$value != ""]
    if (length(coded) == 0) next
    seen <- unique(d[[v]][d[[v]] != ""])
    bad <- setdiff(seen, coded)
    if (length(bad)) out <- c(out, paste(f, v, "has unlabelled", paste(bad, collapse = ",")))
  }
}
r <- read.csv("ratings.csv")
miss <- cb$value[cb$file == "ratings.csv" & cb$variable == "rating" & cb$missing == "yes"]
r$rating[r$rating %in% as.numeric(miss)] <- NA
cat(if (length(out)) out else "ok", "\\n")
cat("rated", sum(!is.na(r$rating)), "mean", mean(r$rating, na.rm = TRUE), "\\n")
`,
      );
      const { stdout } = await run(rscript, ["--vanilla", "check.R"], { cwd: dir, timeout: 120_000, env: { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" } });
      expect(stdout.trim().split("\n").map((l) => l.trim())).toEqual(["ok", "rated 2 mean 6"]);
    });
  });
});

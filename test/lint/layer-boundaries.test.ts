/**
 * The linter (npm run lint, .oxlintrc.json) is what keeps the layers apart: a route that reaches a
 * repository, a domain function that imports Fastify or pg, or a client page that imports server
 * internals is refused. Checked by linting small probe files laid out like the project.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lint-probe-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function lint(files: Record<string, string>): string {
  fs.copyFileSync(path.join(ROOT, ".oxlintrc.json"), path.join(dir, ".oxlintrc.json"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  try {
    execFileSync(path.join(ROOT, "node_modules/.bin/oxlint"), ["-c", ".oxlintrc.json", "-f", "unix", ...Object.keys(files)], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

describe("layer boundaries", () => {
  it("refuses a route that imports a repository, and accepts one that calls a service", () => {
    const out = lint({
      "server/routes/probe/bad-routes.ts": 'import { findResponse } from "../../repositories/responses-repository.ts";\nexport const f = findResponse;\n',
      "server/routes/probe/good-routes.ts": 'import { openResponse } from "../../services/respondent-service.ts";\nexport const f = openResponse;\n',
    });
    expect(out).toMatch(/bad-routes\.ts.*no-restricted-imports/);
    expect(out).not.toMatch(/good-routes\.ts/);
  });

  it("refuses a route that loads the survey definitions itself instead of using app.definitions", () => {
    const out = lint({
      "server/routes/probe/defs-routes.ts": 'import { loadDefinitions } from "../../domain/definitions/load-definitions.ts";\nexport const d = loadDefinitions;\n',
    });
    expect(out).toMatch(/defs-routes\.ts.*no-restricted-imports/);
  });

  it("refuses Fastify, pg and repositories in domain/", () => {
    const out = lint({
      "server/domain/probe/a.ts": 'import Fastify from "fastify";\nexport const a = Fastify;\n',
      "server/domain/probe/b.ts": 'import pg from "pg";\nexport const b = pg;\n',
      "server/domain/probe/c.ts": 'import { listLas } from "../../repositories/reference-data-repository.ts";\nexport const c = listLas;\n',
    });
    for (const f of ["a.ts", "b.ts", "c.ts"]) expect(out).toMatch(new RegExp(`probe/${f}.*no-restricted-imports`));
  });

  it("refuses services and repositories that depend on routes or plugins", () => {
    const out = lint({
      "server/services/probe-service.ts": 'import { x } from "../routes/respondent/respondent-routes.ts";\nexport const y = x;\n',
      "server/repositories/probe-repository.ts": 'import { z } from "../services/respondent-service.ts";\nexport const w = z;\n',
    });
    expect(out).toMatch(/probe-service\.ts.*no-restricted-imports/);
    expect(out).toMatch(/probe-repository\.ts.*no-restricted-imports/);
  });

  it("lets the client import server contracts and pure domain, nothing else of the server", () => {
    const out = lint({
      "client/src/probe/bad.tsx": 'import { findResponse } from "../../../server/repositories/responses-repository.ts";\nexport const f = findResponse;\n',
      "client/src/probe/good.tsx": 'import type { AuditListDto } from "../../../server/contracts/audit.ts";\nexport type T = AuditListDto;\n',
    });
    expect(out).toMatch(/probe\/bad\.tsx.*no-restricted-imports/);
    expect(out).not.toMatch(/probe\/good\.tsx/);
  });

  it("refuses a hook called conditionally", () => {
    const out = lint({
      "client/src/probe/hooks.tsx": 'import { useState } from "react";\nexport function P({ a }: { a: boolean }) {\n  if (a) {\n    const [x] = useState(0);\n    return x;\n  }\n  return 0;\n}\n',
    });
    expect(out).toMatch(/rules-of-hooks/);
  });

  it("passes on the project itself", () => {
    const out = execFileSync("npm", ["run", "--silent", "lint"], { cwd: ROOT, encoding: "utf8" });
    expect(out).not.toMatch(/Error\//);
  });
});

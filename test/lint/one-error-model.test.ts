/**
 * One error model: services, domain and routes throw AppError (server/domain/errors.ts) and the root
 * error handler maps its kind to an HTTP status. A second convention — an error class that carries
 * its own HTTP status, such as the old HttpError — must not come back: the sources are read for it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

describe("one error model", () => {
  const files = [...sources("server"), ...sources("scripts")];

  it("has no error class that carries an HTTP status of its own", () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      // a class extending Error (directly or not) whose body sets or declares a statusCode
      for (const m of text.matchAll(/class\s+(\w+)\s+extends\s+\w*Error\b[^{]*\{(\}|[\s\S]*?\n\})/g)) {
        if (/\bstatusCode\b|\bstatus\s*[:=]/.test(m[2])) offenders.push(`${file}: class ${m[1]}`);
      }
      if (/\bHttpError\b|lib\/http-errors/.test(text)) offenders.push(`${file}: HttpError`);
    }
    expect(offenders).toEqual([]);
  });

  it("has only one root error handler", () => {
    const handlers = files.filter((f) => /\.setErrorHandler\(/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(handlers).toEqual([path.join("server", "plugins", "error-handler.ts")]);
  });
});

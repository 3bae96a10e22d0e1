/**
 * Where the test suite's time goes, from a vitest JSON report: wall time of the run, the sum of the
 * per-file times (what the run would take one file at a time under the same load), their ratio
 * (how much running files side by side gained), and the slowest files.
 *
 *   npx vitest run --reporter=default --reporter=json --outputFile.json=/tmp/suite.json
 *   npx tsx bench/test-suite-times.ts /tmp/suite.json [--top 15]
 */
import fs from "node:fs";
import path from "node:path";

interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
  status: string;
  assertionResults: { status: string }[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: tsx bench/test-suite-times.ts REPORT.json [--top N]");
  process.exit(2);
}
const top = Number(args[args.indexOf("--top") + 1]) || 15;
const report = JSON.parse(fs.readFileSync(file, "utf8")) as { startTime: number; numTotalTests: number; numFailedTests: number; testResults: FileResult[] };
const files = report.testResults.map((r) => ({ name: path.relative(process.cwd(), r.name), seconds: (r.endTime - r.startTime) / 1000, status: r.status }));
const end = Math.max(...report.testResults.map((r) => r.endTime));
const wall = (end - report.startTime) / 1000;
const sum = files.reduce((s, f) => s + f.seconds, 0);
const group = (re: RegExp) => files.filter((f) => re.test(f.name)).reduce((s, f) => s + f.seconds, 0);
console.log(`${files.length} files, ${report.numTotalTests} tests, ${report.numFailedTests} failed`);
console.log(`wall (first file start to last file end): ${wall.toFixed(0)} s`);
console.log(`sum of per-file times: ${sum.toFixed(0)} s; sum / wall = ${(sum / wall).toFixed(2)}`);
console.log(`browser files (test/e2e, test/accessibility): ${group(/^test\/(e2e|accessibility)\//).toFixed(0)} s; fault and load files: ${group(/^test\/(faults|load)\//).toFixed(0)} s`);
console.log(`slowest ${top}:`);
for (const f of [...files].sort((a, b) => b.seconds - a.seconds).slice(0, top)) console.log(`  ${f.seconds.toFixed(1).padStart(6)} s  ${f.name}${f.status === "passed" ? "" : `  (${f.status})`}`);

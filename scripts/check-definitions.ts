/**
 * npm run definitions:check                     validate every version in survey-definitions/
 * tsx scripts/check-definitions.ts --publish la-data-audit@2
 *                                               validate, then lock that version's hash in published.json
 * Options: --dir <path> (another definitions directory). Exit code 1 when there are errors.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { checkDefinitions, formatCheckErrors } from "../server/domain/definitions/check-definitions.ts";
import { definitionHash } from "../server/domain/definitions/definition-hash.ts";
import { DEFINITIONS_DIR, readDefinitionsDir } from "../server/domain/definitions/load-definitions.ts";
import { isPlaceholderEmail, loadWelcome } from "../server/domain/definitions/welcome.ts";

const program = new Command()
  .name("check-definitions")
  .description("Validate survey definitions (schemas, SurveyJS model, expressions, catalogue links, rules, published hashes, mappings)")
  .option("--dir <path>", "definitions directory", DEFINITIONS_DIR)
  .option("--publish <surveyId@version>", "after a clean check, record this version's hash in published.json")
  .parse();

const opts = program.opts<{ dir: string; publish?: string }>();
const input = readDefinitionsDir(opts.dir);
const publish = opts.publish;
if (publish !== undefined && !/^[a-z0-9-]+@[1-9][0-9]*$/.test(publish)) {
  console.error(`--publish expects <surveyId>@<version>, e.g. la-data-audit@2; got "${publish}"`);
  process.exit(2);
}

const errors = checkDefinitions(input, { skipPublishedHashFor: publish ? [publish] : [] });
const summary = input.versions.map((v) => `${v.surveyId}@${v.version}${input.published[`${v.surveyId}@${v.version}`] ? " (published)" : " (draft)"}`);
if (errors.length > 0) {
  console.error(formatCheckErrors(errors));
  console.error(`\n${errors.length} error(s) in survey definitions [${summary.join(", ")}]`);
  process.exit(1);
}
console.log(`survey definitions OK: ${summary.join(", ")}`);
// The welcome text's contact is only a default: a deployment sets its own in the console.
for (const surveyId of new Set(input.versions.map((v) => v.surveyId))) {
  const email = loadWelcome(surveyId, opts.dir)?.contact?.email;
  if (email && isPlaceholderEmail(email)) {
    console.warn(
      `warning: ${surveyId}/welcome.json gives the example contact address ${email}. LAs see it until an admin sets the study contact ` +
        "in the researcher console (Study contact); do that before sending survey links.",
    );
  }
}

if (publish) {
  const [surveyId, v] = publish.split("@");
  const raw = input.versions.find((x) => x.surveyId === surveyId && x.version === Number(v));
  if (!raw) {
    console.error(`${publish}: no folder ${surveyId}/v${v}`);
    process.exit(1);
  }
  const hash = definitionHash(raw);
  const recorded = input.published[publish];
  if (recorded && recorded !== hash) {
    console.error(`${publish} is already published with a different hash (${recorded}); published versions are immutable. Make a new version folder instead.`);
    process.exit(1);
  }
  const next = { ...input.published, [publish]: hash };
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(join(opts.dir, "published.json"), `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(recorded ? `${publish} was already published (${hash})` : `published ${publish}: ${hash}`);
}

/**
 * Create a researcher-console account.
 *
 *   npm run admin:create -- --email you@example.org [--role admin|researcher|viewer] [--password-stdin | --generate]
 *
 * The password is read from stdin (--password-stdin), prompted for twice without echo (a
 * terminal), or generated and printed once (--generate, or when stdin is not a terminal). There is
 * no default password. With the embedded database, stop the server first (one process per data
 * directory); with DATABASE_URL the server can keep running.
 */
import { Command, Option } from "commander";
import readline from "node:readline";
import pg from "pg";
import { loadConfig, ConfigError } from "../server/config.ts";
import { openDatabase } from "../server/db/open-database.ts";
import { createUser } from "../server/services/user-admin-service.ts";
import { generatePassword } from "../server/lib/passwords.ts";
import { AppError } from "../server/domain/errors.ts";
import { ROLES, type Role } from "../server/domain/accounts/roles.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    let muted = false;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!muted) process.stdout.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<void> {
  const program = new Command()
    .name("admin:create")
    .description("Create a researcher-console account")
    .requiredOption("--email <email>", "the account's e-mail address (its login)")
    .addOption(new Option("--role <role>", "admin, researcher or viewer").choices([...ROLES]).default("admin"))
    .option("--password-stdin", "read the password from stdin")
    .option("--generate", "generate a strong password and print it once")
    .parse();
  const opts = program.opts<{ email: string; role: Role; passwordStdin?: boolean; generate?: boolean }>();

  let password: string;
  let generated = false;
  if (opts.passwordStdin) {
    password = await readStdin();
  } else if (opts.generate || !process.stdin.isTTY) {
    password = generatePassword();
    generated = true;
  } else {
    password = await promptHidden("Password (at least 12 characters): ");
    const again = await promptHidden("Repeat password: ");
    if (again !== password) throw new AppError("invalid", "the two passwords differ");
  }

  const config = loadConfig();
  const db = await openDatabase(config, { info: () => {}, warn: (m) => console.warn(m) });
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  try {
    const user = await createUser(pool, { email: opts.email, role: opts.role, password }, { actor: "system", actorKind: "system" });
    console.log(`Created ${user.role} account ${user.email} (id ${user.id}).`);
    if (generated) {
      console.log(`Password (shown once, store it now): ${password}`);
    }
  } finally {
    await pool.end();
    await db.close();
  }
}

main().catch((err) => {
  if (err instanceof AppError || err instanceof ConfigError) {
    console.error(`admin:create: ${err.message}`);
  } else {
    console.error(`admin:create failed: ${(err as Error).message}`);
  }
  process.exit(1);
});

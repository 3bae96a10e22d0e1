/**
 * The database: @fastify/postgres (a pg Pool) on whichever server main.ts resolved, the embedded
 * PGlite socket or a real PostgreSQL. `app.dbKind` says which, for health and logs.
 */
import fp from "fastify-plugin";
import fastifyPostgres from "@fastify/postgres";

export interface DbPluginOptions {
  connectionString: string;
  kind: "embedded" | "postgres";
  max: number;
}

declare module "fastify" {
  interface FastifyInstance {
    dbKind: "embedded" | "postgres";
  }
}

export default fp<DbPluginOptions>(
  async (app, opts) => {
    await app.register(fastifyPostgres, {
      connectionString: opts.connectionString,
      max: opts.max,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server (PostgreSQL restarted) must not crash the process.
    app.pg.pool.on("error", (err) => app.log.warn({ err: { message: err.message } }, "database connection lost"));
    app.decorate("dbKind", opts.kind);
  },
  { name: "db", fastify: "5.x" },
);

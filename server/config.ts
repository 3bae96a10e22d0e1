/**
 * The one place that reads the environment. Every variable is validated at start; a bad value
 * throws a ConfigError naming the variable, and main.ts exits 1 with that message.
 */
import path from "node:path";

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string; // unset -> embedded PGlite under dataDir
  dataDir: string;
  publicUrl: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  sessionSecret: string;
  sessionSecretGenerated: boolean;
  bodyLimit: number;
  dbPoolMax: number;
  dbConnectRetries: number;
  dbConnectRetryDelayMs: number;
  tokenTtlDays: number;
  /** Days a feedback-report link works (REPORT_LINK_TTL_DAYS, default 365). */
  reportLinkTtlDays: number;
  retentionDays: number;
  smtp?: SmtpConfig;
  nodeEnv: string;
  /** Researcher-console sessions: absolute lifetime in hours (SESSION_TTL_HOURS, default 8). */
  sessionTtlHours: number;
  /** Consecutive failed logins that lock an account (LOGIN_MAX_FAILURES, default 5) ... */
  loginMaxFailures: number;
  /** ... for this many minutes (LOGIN_LOCK_MINUTES, default 15). */
  loginLockMinutes: number;
  /** Login attempts per client IP per minute (LOGIN_RATE_LIMIT_PER_MINUTE, default 30). */
  loginRateLimitPerMinute: number;
  /**
   * Which peers may tell us the client's address in X-Forwarded-For (TRUST_PROXY): false (default,
   * nobody), a hop count, or the proxies' addresses/CIDRs. Never "everyone": that would let any
   * client pick its own address and walk past every per-address limit.
   */
  trustProxy: false | number | string[];
  /** Send Strict-Transport-Security (HSTS=true; only when the service is reached over https). */
  hsts: boolean;
}

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, "is not a valid URL");
  }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(" or ")} (got ${u.protocol})`);
  }
  return raw;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function loadConfig(env: Env = process.env): AppConfig {
  const port = int(env, "PORT", 3000, 0, 65535);
  const host = env.HOST && env.HOST.trim() !== "" ? env.HOST.trim() : "127.0.0.1";
  if (/\s/.test(host)) throw new ConfigError("HOST", "must not contain spaces");
  const databaseUrl = url(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  const dataDir = path.resolve(env.DATA_DIR && env.DATA_DIR !== "" ? env.DATA_DIR : "./data");
  const publicUrl = (url(env, "PUBLIC_URL", ["http:", "https:"]) ?? `http://localhost:${port || 3000}`).replace(/\/+$/, "");
  const logLevel = (env.LOG_LEVEL ?? "info") as AppConfig["logLevel"];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);
  const nodeEnv = env.NODE_ENV ?? "development";
  let sessionSecret = env.SESSION_SECRET ?? "";
  let sessionSecretGenerated = false;
  if (sessionSecret === "") {
    if (nodeEnv === "production") throw new ConfigError("SESSION_SECRET", "is required when NODE_ENV=production");
    // Development / demo: a random per-process secret (sessions end at restart). Never a fixed default.
    sessionSecret = cryptoRandom(48);
    sessionSecretGenerated = true;
  } else if (sessionSecret.length < 32) {
    throw new ConfigError("SESSION_SECRET", "must be at least 32 characters");
  }
  let smtp: SmtpConfig | undefined;
  if (env.SMTP_HOST) {
    smtp = {
      host: env.SMTP_HOST,
      port: int(env, "SMTP_PORT", 587, 1, 65535),
      secure: bool(env, "SMTP_SECURE", false),
      user: env.SMTP_USER || undefined,
      password: env.SMTP_PASSWORD || undefined,
      from: env.SMTP_FROM || "LA Data Capability Audit <no-reply@localhost>",
    };
  }
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    publicUrl,
    logLevel,
    sessionSecret,
    sessionSecretGenerated,
    bodyLimit: int(env, "BODY_LIMIT_BYTES", 1_048_576, 1024, 50 * 1_048_576),
    dbPoolMax: int(env, "DB_POOL_MAX", 10, 1, 100),
    dbConnectRetries: int(env, "DB_CONNECT_RETRIES", 10, 0, 1000),
    dbConnectRetryDelayMs: int(env, "DB_CONNECT_RETRY_DELAY_MS", 1000, 10, 60_000),
    tokenTtlDays: int(env, "TOKEN_TTL_DAYS", 120, 1, 3650),
    reportLinkTtlDays: int(env, "REPORT_LINK_TTL_DAYS", 365, 1, 3650),
    retentionDays: int(env, "RETENTION_DAYS", 730, 1, 36500),
    smtp,
    nodeEnv,
    sessionTtlHours: int(env, "SESSION_TTL_HOURS", 8, 1, 24 * 30),
    loginMaxFailures: int(env, "LOGIN_MAX_FAILURES", 5, 1, 100),
    loginLockMinutes: int(env, "LOGIN_LOCK_MINUTES", 15, 1, 24 * 60),
    loginRateLimitPerMinute: int(env, "LOGIN_RATE_LIMIT_PER_MINUTE", 30, 1, 10_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    hsts: bool(env, "HSTS", false),
  };
}

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/(\d|[12]\d|3[0-2]))?$/;
const IPV6_CIDR = /^[0-9a-f:]+(\/(\d{1,2}|1[01]\d|12[0-8]))?$/i;

function trustProxy(raw: string | undefined): false | number | string[] {
  const v = (raw ?? "").trim();
  if (v === "" || v.toLowerCase() === "false" || v === "0") return false;
  if (v.toLowerCase() === "true") {
    throw new ConfigError("TRUST_PROXY", "must name the proxies, not \"true\": give the number of proxies in front of the service (e.g. 1) or their addresses (e.g. 10.0.0.5,10.1.0.0/16)");
  }
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n > 10) throw new ConfigError("TRUST_PROXY", `must be a hop count from 1 to 10 or a list of addresses, got "${v}"`);
    return n;
  }
  const list = v.split(",").map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !IPV4_CIDR.test(x) && !(x.includes(":") && IPV6_CIDR.test(x)));
  if (bad.length > 0) throw new ConfigError("TRUST_PROXY", `has entries that are not IP addresses or CIDR ranges: ${bad.join(", ")}`);
  return list;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  if (["1", "true", "yes"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function cryptoRandom(bytes: number): string {
  // Imported lazily to keep this module free of side effects at import time.
  return globalThis.crypto.getRandomValues(new Uint8Array(bytes)).reduce((s, b) => s + b.toString(16).padStart(2, "0"), "");
}

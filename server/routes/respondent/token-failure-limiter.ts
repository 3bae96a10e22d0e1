/**
 * Counts failed token presentations per client (IP) in a fixed window. After `max` failures the
 * client's wrong links get 429 for the rest of the window, so scanners are slowed down (links have
 * 256 bits anyway); a valid link is always accepted (the caller checks it first). In memory, per process.
 * A wrong link presented again (a person reloading an expired link; the survey page, which sends the
 * link with its first reads) counts once: guessing means many different links.
 */
import { createHash } from "node:crypto";

export interface FailureLimiterOptions {
  max: number;
  windowMs: number;
}

export class TokenFailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number; seen: Set<string> }>();
  constructor(private readonly opts: FailureLimiterOptions) {}

  /** Seconds until the client may try again, or 0 when it is not blocked. */
  blockedFor(client: string, now = Date.now()): number {
    const f = this.failures.get(client);
    if (!f) return 0;
    if (f.resetAt <= now) {
      this.failures.delete(client);
      return 0;
    }
    return f.count >= this.opts.max ? Math.ceil((f.resetAt - now) / 1000) : 0;
  }

  /** `credential`: the wrong link itself, so that the same one presented again is not counted again. */
  recordFailure(client: string, credential?: string, now = Date.now()): void {
    // a digest, not the presented text, is kept
    const key = credential === undefined ? undefined : createHash("sha256").update(credential).digest("base64url").slice(0, 22);
    const f = this.failures.get(client);
    if (!f || f.resetAt <= now) this.failures.set(client, { count: 1, resetAt: now + this.opts.windowMs, seen: new Set(key ? [key] : []) });
    else if (key === undefined || !f.seen.has(key)) {
      f.count++;
      // blocked at max: no need to remember more than that many
      if (key !== undefined && f.seen.size <= this.opts.max) f.seen.add(key);
    }
    if (this.failures.size > 50_000) this.prune(now);
  }

  private prune(now: number): void {
    for (const [k, f] of this.failures) if (f.resetAt <= now) this.failures.delete(k);
  }
}

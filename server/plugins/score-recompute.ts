/**
 * Keeps stored feasibility scores current:
 *  - after a submit or reopen: recomputed at once for that LA;
 *  - after autosaves: recomputed once the LA has been quiet for `debounceMs` (autosave runs every
 *    2 s per contributor; scoring on every save would multiply database writes for nothing);
 *  - at start-up: every stale score (rules, definition or scoring engine changed) is recomputed in
 *    the background.
 * The score routes also refresh stale scores before reading, so no view ever shows a stale score;
 * this plugin makes that refresh cheap. Recompute runs after the response's own transaction has
 * committed, so a scoring failure never loses an answer.
 */
import fp from "fastify-plugin";
import { refreshStaleScores } from "../services/scoring-service.ts";

export interface ScoreRecomputeOptions {
  debounceMs?: number;
  refreshAtStart?: boolean;
}

export default fp<ScoreRecomputeOptions>(
  async (app, opts) => {
    const debounceMs = opts.debounceMs ?? 20_000;
    const timers = new Map<string, NodeJS.Timeout>();
    // LAs due a recompute, run in batches one after another: each refresh reads every stale score
    // and takes a pool connection, so LAs going quiet together (every timer firing in the same
    // second) must not start one refresh each — 150 at once took the pool and the CPU for seconds
    // and saves waited behind them.
    const pending = new Set<string>();
    let everything = false;
    let draining: Promise<void> | null = null;
    let closed = false;

    const drain = async () => {
      while (!closed && (everything || pending.size > 0)) {
        const laCodes = everything ? undefined : [...pending];
        everything = false;
        pending.clear();
        await refreshStaleScores(app.pg.pool, app.definitions, laCodes ? { laCodes } : {})
          .then((r) => {
            if (r.failed.length) app.log.warn({ failed: r.failed }, "some scores could not be computed");
          })
          .catch((err) => app.log.warn({ err: { message: (err as Error).message } }, "score recompute failed; will retry on next read"));
      }
    };

    const run = (laCodes?: string[]) => {
      if (closed) return;
      if (laCodes) for (const c of laCodes) pending.add(c);
      else everything = true;
      draining ??= drain().finally(() => {
        draining = null;
        // asked for while the last batch was finishing
        if (!closed && (everything || pending.size > 0)) run([]);
      });
    };

    app.decorate("onResponseChanged", (laCode: string, kind: "change" | "submit" | "reopen") => {
      const existing = timers.get(laCode);
      if (existing) clearTimeout(existing);
      const delay = kind === "change" ? debounceMs : 0;
      const t = setTimeout(() => {
        timers.delete(laCode);
        run([laCode]);
      }, delay);
      t.unref();
      timers.set(laCode, t);
    });

    if (opts.refreshAtStart ?? true) {
      app.addHook("onReady", async () => {
        setImmediate(() => run());
      });
    }

    app.addHook("onClose", async () => {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await draining;
    });
  },
  { name: "score-recompute", dependencies: ["db", "definitions"] },
);

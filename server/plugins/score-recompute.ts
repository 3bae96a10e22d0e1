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
    const running = new Set<Promise<unknown>>();
    let closed = false;

    const run = (laCodes?: string[]) => {
      if (closed) return;
      const p = refreshStaleScores(app.pg.pool, app.definitions, laCodes ? { laCodes } : {})
        .then((r) => {
          if (r.failed.length) app.log.warn({ failed: r.failed }, "some scores could not be computed");
        })
        .catch((err) => app.log.warn({ err: { message: (err as Error).message } }, "score recompute failed; will retry on next read"))
        .finally(() => running.delete(p));
      running.add(p);
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
      await Promise.allSettled([...running]);
    });
  },
  { name: "score-recompute", dependencies: ["db", "definitions"] },
);

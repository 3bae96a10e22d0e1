/**
 * Scoring properties as reusable vitest cases: registered by scoring-properties.test.ts (fixture
 * rules) and real-definitions.test.ts (the real survey definitions).
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import {
  ITEM_ASPECTS,
  itemMatrixName,
  type Catalogue,
  type ItemAspect,
  type ScoringRules,
} from "../../../server/domain/definitions/types.ts";
import { scoreCapability } from "../../../server/domain/scoring/capability-profile.ts";
import { rankedValues } from "../../../server/domain/scoring/rules-order.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";
import type { ItemScore, LaScores } from "../../../server/domain/scoring/types.ts";

type Defs = { catalogue: Catalogue; rules: ScoringRules };
type Cell = { value: string | undefined; seed: number };
type Cells = Record<string, Record<ItemAspect, Cell>>;

function cellArb(rules: ScoringRules, aspect: ItemAspect): fc.Arbitrary<Cell> {
  return fc.record({
    value: fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 8, arbitrary: fc.constantFrom(...Object.keys(rules.item.aspects[aspect].points)) },
      { weight: 1, arbitrary: fc.constant("not_a_choice") },
    ),
    seed: fc.nat(1000),
  });
}

function cellsArb(catalogue: Catalogue, rules: ScoringRules): fc.Arbitrary<Cells> {
  const perItem = fc.record(Object.fromEntries(ITEM_ASPECTS.map((a) => [a, cellArb(rules, a)])) as Record<ItemAspect, fc.Arbitrary<Cell>>);
  return fc.record(Object.fromEntries(catalogue.dataItems.map((d) => [d.id, perItem])));
}

/** Response data from cells; with `improve`, each answered value with points becomes a value at least as good. */
function toData(defs: Defs, cells: Cells, improve: boolean): Record<string, unknown> {
  const data: Record<string, Record<string, Record<string, string>>> = {};
  for (const item of defs.catalogue.dataItems) {
    const row: Record<string, string> = {};
    for (const aspect of ITEM_ASPECTS) {
      const { value, seed } = cells[item.id][aspect];
      if (value === undefined) continue;
      let v = value;
      if (improve && seed % 3 !== 0) {
        const ranks = rankedValues(defs.rules, aspect);
        const cur = ranks.find((r) => r.value === value);
        if (cur) {
          const better = ranks.filter((r) => r.points >= cur.points && r.cap >= cur.cap);
          v = better[seed % better.length].value;
        }
      }
      row[aspect] = v;
    }
    (data[itemMatrixName(item)] ??= {})[item.id] = row;
  }
  return data;
}

function fullyAnswered(x: ItemScore): boolean {
  return x.aspects.every((a) => !a.required || a.points !== null);
}

function zeroIsExplained(x: ItemScore): boolean {
  return x.gates.some((g) => g.cap <= 0) || x.aspects.some((a) => a.points === 0);
}

export function checkScoringProperties(getDefs: () => Defs, opts: { numRuns: number }): void {
  it("better answers never lower an item or indicator score", () => {
    const defs = getDefs();
    fc.assert(
      fc.property(cellsArb(defs.catalogue, defs.rules), (cells) => {
        const a = scoreResponse({ ...defs, data: toData(defs, cells, false) });
        const b = scoreResponse({ ...defs, data: toData(defs, cells, true) });
        a.items.forEach((ia, i) => {
          const ib = b.items[i];
          if (ia.score !== null && ib.score !== null) expect(ib.score).toBeGreaterThanOrEqual(ia.score);
          if (ia.score !== null && fullyAnswered(ia)) expect(ib.score).not.toBeNull();
        });
        a.indicators.forEach((xa, i) => {
          const xb = b.indicators[i];
          if (xa.score !== null && xb.score !== null) expect(xb.score).toBeGreaterThanOrEqual(xa.score);
          const full = (ref: { itemId: string }) => fullyAnswered(a.items.find((x) => x.itemId === ref.itemId)!);
          if (xa.items.every((it) => !it.required || (it.score !== null && full(it)))) expect(xb.score).not.toBeNull();
        });
      }),
      { numRuns: opts.numRuns },
    );
  });

  it("an indicator never scores above its weakest required item, and bands follow scores", () => {
    const defs = getDefs();
    fc.assert(
      fc.property(cellsArb(defs.catalogue, defs.rules), (cells) => {
        const r = scoreResponse({ ...defs, data: toData(defs, cells, false) });
        for (const ind of r.indicators) {
          const req = ind.items.filter((x) => x.required);
          const scored = req.filter((x) => x.score !== null).map((x) => x.score as number);
          if (ind.score !== null) {
            for (const s of scored) expect(ind.score).toBeLessThanOrEqual(s);
            const weakest = Math.min(...scored);
            const gate = defs.rules.indicator.historyGate;
            if (gate && ind.score !== weakest) {
              // the history gate caps an indicator whose items hold less history than its look-back
              expect(ind.score).toBe(gate.cap);
              expect(weakest).toBeGreaterThan(gate.cap);
              expect(ind.barriers).toContain("short_history");
            } else {
              expect(ind.score).toBe(weakest);
            }
            if (scored.length < req.length) expect(ind.score).toBe(0);
            expect(ind.band).not.toBe("not_enough_information");
            const band = [...defs.rules.bands].sort((x, y) => y.min - x.min).find((b) => ind.score! >= b.min);
            if (band) expect(ind.band).toBe(band.id);
          } else {
            expect(ind.band).toBe("not_enough_information");
          }
        }
      }),
      { numRuns: opts.numRuns },
    );
  });

  it("missing answers give not enough information, never a silent zero", () => {
    const defs = getDefs();
    fc.assert(
      fc.property(cellsArb(defs.catalogue, defs.rules), (cells) => {
        const r = scoreResponse({ ...defs, data: toData(defs, cells, false) });
        for (const x of r.items) {
          if (!fullyAnswered(x)) expect(x.score === null || (x.score === 0 && zeroIsExplained(x))).toBe(true);
          if (x.score === 0) expect(zeroIsExplained(x)).toBe(true);
          if (x.score === null) expect(x.status).toBe("not_enough_information");
        }
        for (const ind of r.indicators) {
          const req = ind.items.filter((x) => x.required);
          if (req.some((x) => x.score === null)) {
            expect(ind.score === null || (ind.score === 0 && req.some((x) => x.score === 0))).toBe(true);
          }
          // the refs agree with the full item scores
          for (const ref of ind.items) expect(ref.score).toBe(r.items.find((x) => x.itemId === ref.itemId)!.score);
        }
      }),
      { numRuns: opts.numRuns },
    );
  });

  it("same input, same output", () => {
    const defs = getDefs();
    fc.assert(
      fc.property(cellsArb(defs.catalogue, defs.rules), (cells) => {
        const data = toData(defs, cells, false);
        const first: LaScores = scoreResponse({ ...defs, data });
        const again = scoreResponse({ catalogue: structuredClone(defs.catalogue), rules: structuredClone(defs.rules), data: structuredClone(data) });
        expect(again).toEqual(first);
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
        // without sentences, the same scores
        const terse = scoreResponse({ ...defs, data }, { explain: false });
        expect(terse.indicators.map((i) => [i.score, i.band, i.barriers])).toEqual(first.indicators.map((i) => [i.score, i.band, i.barriers]));
        expect(terse.items.map((i) => [i.score, i.gates])).toEqual(first.items.map((i) => [i.score, i.gates]));
        expect(terse.capability.dimensions.map((d) => d.score)).toEqual(first.capability.dimensions.map((d) => d.score));
      }),
      { numRuns: Math.max(20, Math.floor(opts.numRuns / 5)) },
    );
  });

  it("better capability answers never lower a dimension score", () => {
    const defs = getDefs();
    const questions = defs.rules.capability.dimensions.flatMap((d) => d.questions);
    const qArb = (q: (typeof questions)[number]) => {
      // "dont_know" is excluded from scoring, so it is outside the order
      const values = Object.keys(q.points).filter((v) => v !== "dont_know");
      if (values.length === 0) return fc.constant({ a: undefined as unknown, b: undefined as unknown });
      return fc.oneof(
        fc.constant({ a: undefined as unknown, b: undefined as unknown }),
        fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)).map(([x, y]) => {
          const [lo, hi] = q.points[x] <= q.points[y] ? [x, y] : [y, x];
          return { a: lo as unknown, b: hi as unknown };
        }),
        // a checkbox answer gains choices (an unanswered question stays unanswered: answering it is not "better")
        fc.tuple(fc.subarray(values, { minLength: 1 }), fc.subarray(values)).map(([x, y]) => ({ a: x as unknown, b: [...new Set([...x, ...y])] as unknown })),
      );
    };
    const arb = fc.tuple(...questions.map(qArb));
    fc.assert(
      fc.property(arb, (pairs) => {
        const da: Record<string, unknown> = {};
        const db: Record<string, unknown> = {};
        pairs.forEach((p, i) => {
          da[questions[i].question] = p.a;
          db[questions[i].question] = p.b;
        });
        const pa = scoreCapability(defs.rules, da);
        const pb = scoreCapability(defs.rules, db);
        pa.dimensions.forEach((d, i) => {
          const e = pb.dimensions[i];
          if (d.score !== null) {
            expect(e.score).not.toBeNull();
            expect(e.score!).toBeGreaterThanOrEqual(d.score);
            expect(e.level!).toBeGreaterThanOrEqual(d.level!);
          }
        });
      }),
      { numRuns: opts.numRuns },
    );
  });
}

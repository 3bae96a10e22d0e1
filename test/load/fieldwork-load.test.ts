/**
 * Short form of the fieldwork simulation (bench/fieldwork-load.ts has the long form: 153 LAs, 5 min):
 * FIELDWORK_LAS (default 60 on PostgreSQL, 20 embedded) x 3
 * contributors autosaving every 2 s for FIELDWORK_SECONDS (default 30) against the real app and
 * database, with overlapping edits. Asserts what LAs rely on: no error other than the expected 409
 * conflicts, and every acknowledged change is what is stored. No timing assertions (figures are printed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";
import { runFieldwork, summarise, verifyLedger } from "../support/fieldwork-simulation.ts";
import type { ResponseStructure } from "../../server/domain/responses/structure.ts";

const SECONDS = Number(process.env.FIELDWORK_SECONDS ?? 30);

let t: TestApp;
let baseUrl: string;
let las: LaLink[];
let structure: ResponseStructure;

beforeAll(async () => {
  t = await buildTestApp();
  // The embedded database runs every query on one backend: give it fewer LAs so the short form stays short.
  const laCount = Number(process.env.FIELDWORK_LAS ?? (t.db.kind === "postgres" ? 60 : 20));
  baseUrl = await t.app.listen({ port: 0, host: "127.0.0.1" });
  ({ las, structure } = await prepareLas(t.pool, { laCount }));
});
afterAll(async () => {
  await t?.close();
});

describe("fieldwork under load", () => {
  it(
    "3 contributors per LA autosaving every 2 s: only the expected 409 conflicts, and no acknowledged answer lost",
    async () => {
      const result = await runFieldwork({ baseUrl, las, structure, seconds: SECONDS, seed: 20261122 });
      const check = await verifyLedger(t.pool, structure, result.ledger, result.uncertain);
      const lat = summarise(result.patchLatencyMs);
      console.log(
        `fieldwork (${t.db.kind}): ${result.las} LAs x 3 for ${SECONDS}s: ${result.patches} PATCH, ${result.saved} saved, ` +
          `${result.conflicts} conflicts (${result.conflictsKeptTheirs} kept theirs, ${result.conflictsKeptMine} kept mine), ` +
          `${result.unexpected.length} unexpected; PATCH p50 ${lat.p50.toFixed(1)} ms p99 ${lat.p99.toFixed(1)} ms; ` +
          `${check.fieldsChecked} fields checked, ${check.lost.length} lost`,
      );
      expect(result.unexpected.slice(0, 5)).toEqual([]);
      expect(check.lost.slice(0, 5)).toEqual([]);
      expect(check.changeLogMismatches.slice(0, 5)).toEqual([]);
      // The run did what it claims: many saves, real conflicts, and both ways of resolving them.
      expect(result.saved).toBeGreaterThan(result.contributors * Math.min(5, SECONDS / 4));
      expect(result.conflicts).toBeGreaterThan(0);
      expect(result.conflictsKeptTheirs).toBeGreaterThan(0);
      expect(result.conflictsKeptMine).toBeGreaterThan(0);
      expect(check.fieldsChecked).toBeGreaterThan(result.las * 10);
    },
    SECONDS * 1000 + 120_000,
  );
});

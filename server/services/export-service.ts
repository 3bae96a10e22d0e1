/**
 * The research export end to end: reads the database in batches, migrates each response
 * to the current definition version, scores it with the current rules, and streams the workbook
 * or the CSV bundle. Used by GET /api/admin/exports/* and `npm run export`.
 */
import type { Writable } from "node:stream";
import { encodeResponse, withNotAskedFor } from "../domain/definitions/codebook.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { migrateResponse } from "../domain/definitions/migrate-response.ts";
import { questionIndex } from "../domain/definitions/question-index.ts";
import { questionsNotInVersion, routedOut } from "../domain/definitions/routing.ts";
import type { LoadedDefinition } from "../domain/definitions/types.ts";
import type { IndicatorSummary, ResponseRecord, ScoreRecord } from "../domain/exports/build-sheets.ts";
import { exportTables, type ExportSources } from "../domain/exports/export-tables.ts";
import type { WideScoreRecord } from "../domain/exports/scores-tables.ts";
import { writeCsvBundle } from "../domain/exports/write-csv-bundle.ts";
import { writeWorkbook } from "../domain/exports/write-workbook.ts";
import { scoreResponse } from "../domain/scoring/score-response.ts";
import { summariseIndicators, type ScoredLa } from "../domain/scoring/summarise-indicators.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { fieldworkForExport } from "./case-study-fieldwork-service.ts";
import {
  caseStudiesForExport,
  countResponsesByStatus,
  LA_CONTEXT_COLUMNS,
  lasForExport,
  responsesForExport,
  type ExportResponseRow,
  type ExportStatus,
} from "../repositories/export-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { childPopulations } from "../repositories/reference-data-repository.ts";

export type ExportFormat = "xlsx" | "zip";

export interface ExportRequest {
  status: ExportStatus;
  includePersonal: boolean;
  now?: Date;
  batchSize?: number;
}

export interface ExportSummary {
  format: ExportFormat;
  status: ExportStatus;
  includePersonal: boolean;
  surveyId: string;
  version: number;
  responses: number;
  countsByStatus: Record<string, number>;
}

/** Brings stored answers to the current definition version (v1 -> v2 -> ... via each version's mapping). */
export function toCurrentVersion(registry: DefinitionRegistry, current: LoadedDefinition, row: ExportResponseRow): Record<string, unknown> {
  let data = row.data;
  if (!row.definitionVersion || row.surveyId !== current.surveyId || row.definitionVersion >= current.version) return data;
  let from = registry.find(current.surveyId, row.definitionVersion);
  for (let v = row.definitionVersion + 1; v <= current.version && from; v++) {
    const to = registry.find(current.surveyId, v);
    if (!to?.mapping) break;
    data = migrateResponse(data, to.mapping, from, to).data;
    from = to;
  }
  return data;
}

/** Questions of the current version that an LA answering `version` was never asked (cached per version). */
export function notInVersionOf(registry: DefinitionRegistry, current: LoadedDefinition, cache: Map<number, Set<string>>, version: number | null): Set<string> {
  if (version === null || version >= current.version) return new Set();
  let set = cache.get(version);
  if (!set) {
    const chain = [];
    for (let v = version; v <= current.version; v++) {
      const d = registry.find(current.surveyId, v);
      if (d) chain.push(d);
    }
    set = questionsNotInVersion(chain);
    cache.set(version, set);
  }
  return set;
}

/** The current codebook, with a "Not asked" code on questions that earlier published versions did not ask. */
function exportCodebook(registry: DefinitionRegistry, current: LoadedDefinition): LoadedDefinition["codebook"] {
  const added = new Set<string>();
  const cache = new Map<number, Set<string>>();
  for (const d of registry.all()) {
    if (d.surveyId === current.surveyId && d.version < current.version) for (const q of notInVersionOf(registry, current, cache, d.version)) added.add(q);
  }
  return withNotAskedFor(current.codebook, added);
}

function toRecord(row: ExportResponseRow, data: Record<string, unknown>, current: LoadedDefinition, notInVersion: Set<string>): ResponseRecord {
  const routed = row.status === "not_started" ? undefined : routedOut(current.survey, data);
  return {
    // Not asked: hidden by the routing for this response, or added after the version the LA answered
    // (nothing was asked of an LA that has not started)
    ...(routed ? { notAsked: (path) => notInVersion.has(path.question) || routed(path) } : {}),
    laCode: row.laCode,
    gssCode: row.gssCode,
    laName: row.laName,
    region: row.region,
    laType: row.laType,
    status: row.status,
    definitionVersion: row.definitionVersion,
    migrated: row.definitionVersion === null ? null : row.surveyId === current.surveyId && row.definitionVersion < current.version,
    submittedAt: row.submittedAt,
    lastSavedAt: row.lastSavedAt,
    nContributors: row.nContributors,
    data,
    ...(row.contributors ? { contributors: row.contributors.map((c) => ({ name: c.role ? `${c.name} (${c.role})` : c.name })) } : {}),
  };
}

/** Everything the export needs, as lazy sources: each sheet opens its own batched read when the writer reaches it. */
export async function exportSources(db: Queryable, registry: DefinitionRegistry, req: ExportRequest): Promise<{ sources: ExportSources; summary: Omit<ExportSummary, "format"> }> {
  const current = registry.current();
  const countsByStatus = await countResponsesByStatus(db);
  const responsesExported =
    req.status === "submitted" ? (countsByStatus.submitted ?? 0) : Object.values(countsByStatus).reduce((a, b) => a + b, 0);
  const read = { status: req.status, includePersonal: req.includePersonal, batchSize: req.batchSize };

  async function* responses(): AsyncGenerator<ResponseRecord> {
    const notInVersion = new Map<number, Set<string>>();
    for await (const row of responsesForExport(db, read)) {
      const version = row.surveyId === current.surveyId ? row.definitionVersion : null;
      yield toRecord(row, toCurrentVersion(registry, current, row), current, notInVersionOf(registry, current, notInVersion, version));
    }
  }

  // Scores are computed with the current rules while the Scores sheet is written; the Indicators
  // sheet (written next) summarises them nationally.
  // The wide table (one row per LA, written right after) reuses these scores.
  const scored: ScoredLa[] = [];
  const wide: WideScoreRecord[] = [];
  async function* scores(): AsyncGenerator<ScoreRecord> {
    const populations = await childPopulations(db);
    // explanations quote the questions and answers as the LA read them, as on the console's profile
    const questions = questionIndex(current.survey);
    for await (const row of responsesForExport(db, { ...read, includePersonal: false })) {
      const la = { laCode: row.laCode, laName: row.laName, region: row.region, laType: row.laType, status: row.status };
      const version = { definitionVersion: row.definitionVersion, migrated: row.definitionVersion === null ? null : row.definitionVersion < current.version };
      if (row.status === "not_started") {
        wide.push({ ...la, ...version, indicators: new Map(), capability: new Map() });
        continue;
      }
      const s = scoreResponse({ catalogue: current.catalogue, rules: current.rules, data: toCurrentVersion(registry, current, row), context: { childPopulation: populations.get(row.laCode) ?? null, questions } }, { explain: true });
      scored.push({ laCode: row.laCode, region: row.region, laType: row.laType, scores: { indicators: s.indicators } });
      wide.push({
        ...la,
        ...version,
        indicators: new Map(s.indicators.map((i) => [i.indicatorId, { score: i.score, band: i.band }])),
        capability: new Map(s.capability.dimensions.map((d) => [d.dimensionId, d.level])),
      });
      for (const ind of s.indicators) {
        yield { kind: "indicator", laCode: row.laCode, laName: row.laName, id: ind.indicatorId, name: ind.indicatorName, outcomeArea: ind.outcomeArea, score: ind.score, band: ind.band, bandLabel: ind.bandLabel, status: row.status, explanation: ind.steps.join(" ") };
      }
      for (const d of s.capability.dimensions) {
        yield { kind: "capability", laCode: row.laCode, laName: row.laName, id: d.dimensionId, name: d.name, score: d.score, level: d.level, levelName: d.levelName, status: row.status, explanation: [d.descriptor, ...d.steps].join(" ") };
      }
    }
  }
  function indicatorSummaries(): Map<string, IndicatorSummary> {
    const out = new Map<string, IndicatorSummary>();
    const scoresById = new Map<string, number[]>();
    for (const la of scored) {
      for (const ind of la.scores.indicators) if (ind.score !== null) scoresById.set(ind.indicatorId, [...(scoresById.get(ind.indicatorId) ?? []), ind.score]);
    }
    for (const s of summariseIndicators(current.catalogue, current.rules, scored)) {
      const values = scoresById.get(s.indicatorId) ?? [];
      out.set(s.indicatorId, {
        nLas: s.respondingLas,
        nScored: values.length,
        meanScore: values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null,
        medianScore: s.medianScore,
        byBand: { ...s.overall.counts },
      });
    }
    return out;
  }

  const sources: ExportSources = {
    about: {
      surveyId: current.surveyId,
      surveyTitle: current.title,
      version: current.version,
      hash: current.hash,
      exportedAt: req.now ?? new Date(),
      status: req.status,
      includePersonal: req.includePersonal,
      countsByStatus,
      responsesExported,
      scoringRulesVersion: current.rules.version,
    },
    codebook: exportCodebook(registry, current),
    encode: encodeResponse,
    includePersonal: req.includePersonal,
    responses,
    scores,
    scoresWide: () => wide,
    scoreLayout: {
      indicators: current.catalogue.indicators,
      dimensions: current.rules.capability.dimensions,
      levels: current.rules.capability.levels,
      bands: current.rules.bands,
    },
    indicators: current.catalogue.indicators,
    indicatorSummaries,
    las: () => lasForExport(db, { includePersonal: req.includePersonal }),
    contextColumns: LA_CONTEXT_COLUMNS,
    caseStudies: () => caseStudiesForExport(db),
    caseStudyFieldwork: () => fieldworkForExport(db, registry),
  };
  return {
    sources,
    summary: { status: req.status, includePersonal: req.includePersonal, surveyId: current.surveyId, version: current.version, responses: responsesExported, countsByStatus },
  };
}

/** Streams the export in `format` to `stream`; resolves when it has been written completely. */
export async function writeExport(db: Queryable, registry: DefinitionRegistry, stream: Writable, format: ExportFormat, req: ExportRequest): Promise<ExportSummary> {
  const { sources, summary } = await exportSources(db, registry, req);
  if (format === "xlsx") await writeWorkbook(stream, exportTables(sources), { created: sources.about.exportedAt });
  else await writeCsvBundle(stream, exportTables(sources), { codebook: sources.codebook, status: req.status, includePersonal: req.includePersonal, generatedAt: sources.about.exportedAt });
  return { format, ...summary };
}

/** One audit entry per export (who, what, filters; never the data). */
export function recordExportAudit(db: Queryable, actor: Pick<AuditEntry, "actor" | "actorKind">, summary: ExportSummary): Promise<void> {
  return recordAudit(db, {
    ...actor,
    action: "export.responses",
    subject: `responses.${summary.format}`,
    details: {
      format: summary.format,
      status: summary.status,
      includePersonal: summary.includePersonal,
      surveyId: summary.surveyId,
      version: summary.version,
      responses: summary.responses,
    },
  });
}

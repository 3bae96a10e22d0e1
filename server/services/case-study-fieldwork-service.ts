/**
 * Case-study fieldwork use cases: what happened in each case-study LA, what it could produce for
 * each indicator (the survey's prediction frozen when a finding is first recorded), consultations
 * with service users (themes, never people), and the validation of the survey against the findings.
 * Every change is audited.
 */
import { capabilityBandLabel } from "../domain/scoring/wording.ts";
import type pg from "pg";
import { conflict, notFound, unprocessable } from "../domain/errors.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { computeOfstedTrajectories, TRAJECTORY_LABELS, type OfstedTrajectory } from "../domain/case-studies/ofsted-trajectory.ts";
import {
  FINDING_REASONS,
  FINDING_RESULTS,
  REASON_LABELS,
  summariseValidation,
  type FindingForValidation,
  type FindingReason,
  type FindingResult,
  type PredictedBand,
} from "../domain/case-study-fieldwork/validation.ts";
import { findPersonalData, personalDataMessage } from "../domain/case-study-fieldwork/personal-data-guard.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { listOfstedHistory } from "../repositories/case-studies-repository.ts";
import * as repo from "../repositories/case-study-fieldwork-repository.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import type { CaseStudyFieldworkExport } from "../domain/exports/case-study-fieldwork-sheets.ts";
import type {
  CaseStudyDetailDto,
  ConsultationBodyDto,
  FindingDto,
  RecordBodyDto,
  ValidationDto,
} from "../contracts/case-study-fieldwork.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;

export interface IndicatorInfo {
  id: string;
  name: string;
  outcomeArea: string;
}

/** Indicator names by id across every definition version (a finding may name one a later catalogue renamed or dropped). */
export function indicatorIndex(registry: Pick<DefinitionRegistry, "all">): Map<string, IndicatorInfo> {
  const index = new Map<string, IndicatorInfo>();
  for (const def of registry.all()) for (const i of def.catalogue.indicators) index.set(i.id, { id: i.id, name: i.name, outcomeArea: i.outcomeArea });
  return index;
}

async function caseStudyLa(db: Queryable, laCode: string): Promise<repo.CaseStudyLaRow | undefined> {
  return (await repo.listCaseStudyLas(db)).find((l) => l.laCode === laCode);
}

async function requireCaseStudyLa(db: Queryable, laCode: string, kind: "notFound" | "conflict"): Promise<repo.CaseStudyLaRow> {
  const la = await caseStudyLa(db, laCode);
  if (la) return la;
  const message = `LA ${laCode} is not in any saved case-study selection: save a selection that picks it first`;
  throw kind === "conflict" ? conflict(message, { laCode }) : notFound(message);
}

export async function listCaseStudyLas(db: Queryable): Promise<repo.CaseStudyLaRow[]> {
  return repo.listCaseStudyLas(db);
}

export async function caseStudyDetail(db: Queryable, laCode: string, registry: DefinitionRegistry): Promise<CaseStudyDetailDto> {
  const la = await requireCaseStudyLa(db, laCode, "notFound");
  const current = registry.current();
  const [record, contacts, log, consultations, predictions] = await Promise.all([
    repo.readRecord(db, laCode),
    repo.listContacts(db, laCode),
    repo.listLog(db, laCode),
    repo.listConsultations(db, laCode),
    repo.readPredictions(db, laCode),
  ]);
  return {
    la,
    record,
    contacts,
    log,
    consultations,
    indicators: current.catalogue.indicators.map((i) => ({
      id: i.id,
      name: i.name,
      outcomeArea: i.outcomeArea,
      band: predictions.get(i.id)?.band ?? null,
      score: predictions.get(i.id)?.score ?? null,
    })),
    outcomeAreas: current.catalogue.outcomeAreas.map((a) => ({ id: a.id, name: a.name })),
  };
}

export async function saveRecord(pool: pg.Pool, laCode: string, body: RecordBodyDto, actor: Actor): Promise<void> {
  await requireCaseStudyLa(pool, laCode, "conflict");
  const declineReason = body.status === "declined" ? (body.declineReason?.trim() || null) : null;
  if (body.status === "declined" && !declineReason) throw unprocessable("declineReason: say why the LA declined", "declineReason");
  const visitDates = [...new Set(body.visitDates ?? [])].sort();
  for (const [i, d] of visitDates.entries()) {
    if (Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw unprocessable(`visitDates[${i}]: ${d} is not a date`, `visitDates[${i}]`);
  }
  await withTransaction(pool, async (client) => {
    await repo.upsertRecord(client, laCode, { status: body.status, declineReason, visitDates }, actor.actor);
    await recordAudit(client, { ...actor, action: "case_study.record", laCode, details: { status: body.status, visits: visitDates.length } });
  });
}

export async function addContact(pool: pg.Pool, laCode: string, c: { name: string; email?: string | null; role?: string | null }, actor: Actor): Promise<string> {
  await requireCaseStudyLa(pool, laCode, "conflict");
  return withTransaction(pool, async (client) => {
    const id = await repo.insertContact(client, laCode, { name: c.name.trim(), email: c.email?.trim() || null, role: c.role?.trim() || null }, actor.actor);
    // the audit trail names the contact by id only: names and addresses are personal data
    await recordAudit(client, { ...actor, action: "case_study.contact_add", laCode, subject: id });
    return id;
  });
}

export async function removeContact(pool: pg.Pool, laCode: string, id: string, actor: Actor): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (!(await repo.deleteContact(client, laCode, id))) throw notFound(`No case-study contact ${id} for LA ${laCode}`);
    await recordAudit(client, { ...actor, action: "case_study.contact_remove", laCode, subject: id });
  });
}

export async function addLogEntry(pool: pg.Pool, laCode: string, entry: string, actor: Actor): Promise<void> {
  await requireCaseStudyLa(pool, laCode, "conflict");
  await withTransaction(pool, async (client) => {
    await repo.insertLog(client, laCode, entry.trim(), actor.actor);
    await recordAudit(client, { ...actor, action: "case_study.log", laCode });
  });
}

export interface FindingInput {
  indicatorId: string;
  result: string;
  reason?: string | null;
  notes?: string;
  definitionChange?: string | null;
}

async function trajectoryOf(db: Queryable, laCode: string): Promise<OfstedTrajectory> {
  const history = await listOfstedHistory(db);
  return computeOfstedTrajectories(history, [laCode]).get(laCode)!.trajectory;
}

/** Record findings for one LA (all or nothing). An unknown indicator, result or reason is 422 naming it. */
export async function putFindings(pool: pg.Pool, laCode: string, findings: FindingInput[], registry: DefinitionRegistry, actor: Actor): Promise<number> {
  const la = await requireCaseStudyLa(pool, laCode, "conflict");
  const known = indicatorIndex(registry);
  const seen = new Set<string>();
  findings.forEach((f, i) => {
    if (!known.has(f.indicatorId)) throw unprocessable(`findings[${i}].indicatorId: unknown indicator "${f.indicatorId}"`, `findings[${i}].indicatorId`);
    if (seen.has(f.indicatorId)) throw unprocessable(`findings[${i}].indicatorId: "${f.indicatorId}" appears twice`, `findings[${i}].indicatorId`);
    seen.add(f.indicatorId);
    if (!(FINDING_RESULTS as readonly string[]).includes(f.result)) {
      throw unprocessable(`findings[${i}].result: unknown result "${f.result}" (use one of ${FINDING_RESULTS.join(", ")})`, `findings[${i}].result`);
    }
    if (f.reason != null && !(FINDING_REASONS as readonly string[]).includes(f.reason)) {
      throw unprocessable(`findings[${i}].reason: unknown reason "${f.reason}" (use one of ${FINDING_REASONS.join(", ")})`, `findings[${i}].reason`);
    }
    if (f.result !== "produced" && f.reason == null) {
      throw unprocessable(`findings[${i}].reason: say why the indicator was not produced as specified`, `findings[${i}].reason`);
    }
  });
  const [predictions, trajectory] = await Promise.all([repo.readPredictions(pool, laCode), trajectoryOf(pool, laCode)]);
  const capabilityBand = [...predictions.values()][0]?.capabilityBand ?? null;
  return withTransaction(pool, async (client) => {
    for (const f of findings) {
      const p = predictions.get(f.indicatorId);
      await repo.upsertFinding(
        client,
        laCode,
        {
          indicatorId: f.indicatorId,
          result: f.result,
          reason: f.result === "produced" ? null : (f.reason ?? null),
          notes: f.notes?.trim() ?? "",
          definitionChange: f.definitionChange?.trim() || null,
          prediction: p ? { band: p.band, score: p.score, rulesVersion: p.rulesVersion } : { band: "not_enough_information", score: null, rulesVersion: null },
          wave: la.wave,
          capabilityBand,
          ofstedTrajectory: trajectory,
        },
        actor.actor,
      );
    }
    await recordAudit(client, { ...actor, action: "case_study.findings", laCode, details: { indicators: findings.map((f) => f.indicatorId) } });
    return findings.length;
  });
}

export async function getFindings(db: Queryable, laCode: string, registry: DefinitionRegistry): Promise<FindingDto[]> {
  await requireCaseStudyLa(db, laCode, "notFound");
  const names = indicatorIndex(registry);
  return (await repo.listFindings(db, laCode)).map((f) => ({
    indicatorId: f.indicatorId,
    indicatorName: names.get(f.indicatorId)?.name ?? f.indicatorId,
    result: f.result,
    reason: f.reason,
    notes: f.notes,
    definitionChange: f.definitionChange,
    proposalStatus: f.proposalStatus,
    predictedBand: f.predictedBand,
    predictedScore: f.predictedScore,
    rulesVersion: f.rulesVersion,
    recordedAt: f.recordedAt,
    recordedBy: f.recordedBy,
  }));
}

function forValidation(f: repo.FindingRow): FindingForValidation {
  return {
    laCode: f.laCode,
    indicatorId: f.indicatorId,
    result: f.result as FindingResult,
    reason: f.reason as FindingReason | null,
    predictedBand: f.predictedBand as PredictedBand,
    wave: f.wave,
    capabilityBand: f.capabilityBand,
    ofstedTrajectory: f.ofstedTrajectory,
  };
}


/** Every finding with the names a reader needs (indicator and LA), for the validation view and the export. */
async function findingsWithNames(db: Queryable, registry: DefinitionRegistry) {
  const [rows, las] = await Promise.all([repo.listFindings(db), repo.listCaseStudyLas(db)]);
  return { rows, names: indicatorIndex(registry), laNames: new Map(las.map((l) => [l.laCode, l.name])) };
}

export async function validation(db: Queryable, registry: DefinitionRegistry): Promise<ValidationDto> {
  const { rows, names, laNames } = await findingsWithNames(db, registry);
  const s = summariseValidation(rows.map(forValidation));
  const label = (kind: string, key: string): string => {
    if (kind === "indicator") return names.get(key)?.name ?? key;
    if (kind === "la") return laNames.get(key) ?? key;
    if (kind === "wave") return key === "none" ? "No wave" : `Wave ${key}`;
    if (kind === "band") return capabilityBandLabel(key);
    return TRAJECTORY_LABELS[key as OfstedTrajectory] ? capitalise(TRAJECTORY_LABELS[key as OfstedTrajectory]) : "Unknown";
  };
  const withLabels = (kind: string, groups: typeof s.byLa) => groups.map((g) => ({ ...g, label: label(kind, g.key) }));
  return {
    n: s.n,
    nNotEnoughInformation: s.nNotEnoughInformation,
    agreement: s.agreement,
    kappa: s.kappa,
    note: s.note,
    confusion: s.confusion,
    byIndicator: withLabels("indicator", s.byIndicator),
    byLa: withLabels("la", s.byLa),
    byWave: withLabels("wave", s.byWave),
    byCapabilityBand: withLabels("band", s.byCapabilityBand),
    byOfstedTrajectory: withLabels("trajectory", s.byOfstedTrajectory),
    mispredictions: s.mispredictions.map((m) => ({
      ...m,
      reasonLabel: m.reason ? REASON_LABELS[m.reason] : "No reason given",
      findings: m.findings.map((f) => ({ ...f, laName: laNames.get(f.laCode) ?? f.laCode, indicatorName: names.get(f.indicatorId)?.name ?? f.indicatorId })),
    })),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export async function listProposals(db: Queryable, registry: DefinitionRegistry) {
  const { rows, names, laNames } = await findingsWithNames(db, registry);
  return rows
    .filter((f) => f.definitionChange)
    .map((f) => ({
      laCode: f.laCode,
      laName: laNames.get(f.laCode) ?? f.laCode,
      indicatorId: f.indicatorId,
      indicatorName: names.get(f.indicatorId)?.name ?? f.indicatorId,
      change: f.definitionChange!,
      status: f.proposalStatus ?? "proposed",
      recordedAt: f.recordedAt,
    }))
    .sort((a, b) => a.indicatorName.localeCompare(b.indicatorName) || a.laName.localeCompare(b.laName));
}

export async function setProposalStatus(pool: pg.Pool, laCode: string, indicatorId: string, status: string, actor: Actor): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (!(await repo.setProposalStatus(client, laCode, indicatorId, status))) {
      throw notFound(`No proposed definition change for ${indicatorId} from LA ${laCode}`);
    }
    await recordAudit(client, { ...actor, action: "case_study.proposal", laCode, subject: indicatorId, details: { status } });
  });
}

/** Record a consultation session; free text that looks like personal data is refused with the reason. */
export async function addConsultation(pool: pg.Pool, laCode: string, body: ConsultationBodyDto, registry: DefinitionRegistry, actor: Actor): Promise<string> {
  await requireCaseStudyLa(pool, laCode, "conflict");
  const known = indicatorIndex(registry);
  const areas = new Set(registry.all().flatMap((d) => d.catalogue.outcomeAreas.map((a) => a.id)));
  const texts: [string, string][] = [
    ["format", body.format],
    ["group", body.group],
    ...body.themes.map((t, i): [string, string] => [`themes[${i}].theme`, t.theme]),
  ];
  for (const [field, text] of texts) {
    const found = findPersonalData(text);
    if (found.length > 0) throw unprocessable(personalDataMessage(field, found), field);
  }
  body.themes.forEach((t, i) => {
    if (t.outcomeArea && !areas.has(t.outcomeArea)) throw unprocessable(`themes[${i}].outcomeArea: unknown outcome area "${t.outcomeArea}"`, `themes[${i}].outcomeArea`);
    (t.indicatorIds ?? []).forEach((id, j) => {
      if (!known.has(id)) throw unprocessable(`themes[${i}].indicatorIds[${j}]: unknown indicator "${id}"`, `themes[${i}].indicatorIds[${j}]`);
    });
  });
  if (Number.isNaN(Date.parse(`${body.heldOn}T00:00:00Z`))) throw unprocessable(`heldOn: ${body.heldOn} is not a date`, "heldOn");
  return withTransaction(pool, async (client) => {
    const id = await repo.insertConsultation(
      client,
      laCode,
      {
        heldOn: body.heldOn,
        format: body.format.trim(),
        group: body.group.trim(),
        participants: body.participants,
        themes: body.themes.map((t) => ({ theme: t.theme.trim(), outcomeArea: t.outcomeArea ?? null, indicatorIds: t.indicatorIds ?? [] })),
      },
      actor.actor,
    );
    await recordAudit(client, { ...actor, action: "case_study.consultation", laCode, subject: id });
    return id;
  });
}


/** Findings, validation and consultation themes for the research export (themes hold no personal data). */
export async function fieldworkForExport(db: Queryable, registry: DefinitionRegistry): Promise<CaseStudyFieldworkExport> {
  const [rows, las, consultations] = await Promise.all([repo.listFindings(db), repo.listCaseStudyLas(db), repo.listConsultations(db)]);
  const names = indicatorIndex(registry);
  const laNames = new Map(las.map((l) => [l.laCode, l.name]));
  const input = rows.map(forValidation);
  return {
    findings: rows.map((f) => ({ ...f, laName: laNames.get(f.laCode) ?? f.laCode, indicatorName: names.get(f.indicatorId)?.name ?? f.indicatorId })),
    validation: summariseValidation(input),
    consultationThemes: consultations.flatMap((c) =>
      c.themes.map((t) => ({
        laCode: c.laCode,
        laName: laNames.get(c.laCode) ?? c.laCode,
        heldOn: c.heldOn,
        format: c.format,
        group: c.group,
        participants: c.participants,
        theme: t.theme,
        outcomeArea: t.outcomeArea,
        indicatorIds: t.indicatorIds,
      })),
    ),
  };
}

/**
 * Items proposed by panellists. A panellist may propose while round 1 is open (409 otherwise); the
 * researcher accepts a proposal (it becomes an item, rated from the next round, with no catalogue
 * indicator behind it), merges it into an existing item, or declines it — always with a reason,
 * kept in the audit trail. Proposals are listed without the proposer's identity.
 */
import type pg from "pg";
import { withTransaction } from "../repositories/queryable.ts";
import * as repo from "../repositories/delphi-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import type { AuditEntry } from "../domain/audit/audit-entry.ts";
import { conflict, notFound, unprocessable } from "../domain/errors.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;
export type ProposalAction = "accept" | "merge" | "decline";

export async function propose(pool: pg.Pool, p: repo.PanellistRow, body: { name: string; rationale: string }): Promise<string> {
  if (!body.name.trim()) throw unprocessable("name: give the indicator you propose", "name");
  return withTransaction(pool, async (db) => {
    const open = (await repo.listRounds(db, p.studyId)).find((r) => !r.closed);
    if (!open || open.number !== 1) throw conflict("New indicators can be proposed only while round 1 is open");
    if (!(await repo.findParticipant(db, open.id, p.id))) throw conflict("You are not taking part in this round");
    const id = await repo.insertProposal(db, p.studyId, p.id, body.name.trim(), body.rationale.trim());
    await recordAudit(db, { actor: `delphi-panellist:${p.id}`, actorKind: "respondent", action: "delphi.proposal", subject: `delphi:${p.studyId}`, details: { proposal: id } });
    return id;
  });
}

export async function listProposals(pool: pg.Pool, studyId: string) {
  if (!(await repo.findStudy(pool, studyId))) throw notFound(`No Delphi study with id ${studyId}`);
  return (await repo.listProposals(pool, studyId)).map((p) => ({ ...p, createdAt: p.createdAt.toISOString() }));
}

export async function decide(pool: pg.Pool, studyId: string, proposalId: string, action: ProposalAction, body: { reason: string; itemId?: string }, actor: Actor): Promise<{ itemId: string | null }> {
  const reason = body.reason.trim();
  if (!reason) throw unprocessable("reason: say why, so the panel's proposal is answered", "reason");
  return withTransaction(pool, async (db) => {
    const proposal = await repo.findProposal(db, studyId, proposalId);
    if (!proposal) throw notFound(`No proposal ${proposalId} in study ${studyId}`);
    if (proposal.status !== "pending") throw conflict(`Proposal ${proposalId} has already been ${proposal.status}`);
    const items = await repo.listItems(db, studyId);
    let itemId: string | null = null;
    if (action === "accept") {
      itemId = await repo.insertItem(db, studyId, { indicatorId: null, name: proposal.name, definition: proposal.rationale, outcomeArea: "Proposed by the panel", origin: "panellist", derivedFrom: [] }, items.length);
    } else if (action === "merge") {
      if (!body.itemId || !items.some((i) => i.id === body.itemId)) throw unprocessable(`itemId: give the item of this study to merge the proposal into`, "itemId");
      itemId = body.itemId;
    }
    const status = action === "accept" ? "accepted" : action === "merge" ? "merged" : "declined";
    await repo.decideProposal(db, proposalId, status, reason, itemId, actor.actor);
    await recordAudit(db, { ...actor, action: `delphi.proposal_${action}`, subject: `delphi:${studyId}`, details: { proposal: proposalId, itemId, reason } });
    return { itemId };
  });
}

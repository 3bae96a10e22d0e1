/**
 * A Delphi study for the console browser tests, made through the services as a researcher would
 * make it: created from the current catalogue, with a panel whose private links give the tokens the
 * panel rates with. (The route tests start theirs over HTTP: delphi-panel-fixture.ts.)
 */
import type { ConsoleFixture } from "../e2e/console-helpers.ts";
import type { PanelMember } from "./delphi-panel-fixture.ts";
import { addPanellists, createStudy } from "../../server/services/delphi-service.ts";
import { panellistByToken, saveRatings, submitRound } from "../../server/services/delphi-panellist-service.ts";

export interface SeededStudy {
  id: string;
  /** the researcher, as the services record who did what */
  actor: { actor: string; actorKind: "user" };
  panel: PanelMember[];
  /** Each panellist's private token, in the order of the panel given. */
  tokens: string[];
}

/** `panel` may be made from the new study's id, to give each study's panellists their own addresses. */
export async function seedDelphiStudy(f: ConsoleFixture, title: string, panel: PanelMember[] | ((id: string) => PanelMember[])): Promise<SeededStudy> {
  const actor = { actor: f.accounts.researcher.id, actorKind: "user" as const };
  const current = f.t.app.definitions.current();
  const id = await createStudy(f.t.pool, title, current.catalogue, current.version, actor);
  const members = typeof panel === "function" ? panel(id) : panel;
  const links = await addPanellists(f.t.pool, id, members, f.base, actor);
  return { id, actor, panel: members, tokens: links.map((l) => l.link.split("#")[1]) };
}

/** The panellist with this token rates the open round (item id -> 1..9) and, with `submit`, submits it. */
export async function rateAs(f: ConsoleFixture, token: string, ratings: Record<string, number>, submit: boolean): Promise<void> {
  const p = await panellistByToken(f.t.pool, token);
  await saveRatings(f.t.pool, p, { ratings });
  if (submit) await submitRound(f.t.pool, p);
}

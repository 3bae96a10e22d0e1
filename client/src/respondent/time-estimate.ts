/**
 * The welcome page's time figures, all from the definition's seconds per page (the survey's "time
 * left" counts down from the same figures). The whole and the core are the definition's rounded
 * minutes (the frozen survey description quotes them); the colleagues' share is the rest. Each role's
 * minutes are an apportionment of its side's figure, not rounded on their own: rounding every role up
 * to 5 minutes made seven colleague roles of under 40 minutes add up to 60.
 */
import type { WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";

export interface RoleTime {
  role: string;
  titles: string[];
  /** whole minutes; the roles' minutes add up to the total */
  minutes: number;
  /** one of the core roles (or a section no role is named for) */
  core: boolean;
}

export interface TimeBreakdown {
  totalMinutes: number;
  coreMinutes: number;
  colleagueMinutes: number;
  roles: RoleTime[];
}

/** Whole minutes for each weight that add up to `target` exactly (largest remainder), at least 1 each while there are enough. */
export function apportion(weights: number[], target: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * target : target / weights.length));
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0, left = target - out.reduce((a, b) => a + b, 0); left > 0; k++, left--) out[order[k % order.length].i]++;
  // a role shown with "about 0 minutes" reads as a mistake: take a minute from the largest share
  if (target >= weights.length) {
    for (let i = 0; i < out.length; i++) {
      if (out[i] > 0) continue;
      const largest = out.indexOf(Math.max(...out));
      out[largest]--;
      out[i]++;
    }
  }
  return out;
}

export function timeBreakdown(w: Pick<WelcomeDto, "estimate" | "sections">): TimeBreakdown {
  const e = w.estimate;
  const coreRoles = new Set(e.coreRoles);
  const groups = new Map<string, { titles: string[]; seconds: number; core: boolean }>();
  for (const s of w.sections) {
    const role = s.role ?? "Anyone";
    const g = groups.get(role) ?? { titles: [], seconds: 0, core: coreRoles.size === 0 || s.role === null || coreRoles.has(s.role) };
    g.titles.push(s.title);
    g.seconds += s.seconds;
    groups.set(role, g);
  }
  const list = [...groups].map(([role, g]) => ({ role, ...g }));
  const core = list.filter((g) => g.core);
  const others = list.filter((g) => !g.core);
  const totalMinutes = e.totalMinutes;
  const coreMinutes = others.length === 0 ? totalMinutes : Math.min(e.coreMinutes, totalMinutes);
  const colleagueMinutes = totalMinutes - coreMinutes;
  const minutes = new Map<string, number>();
  const share = (gs: typeof list, target: number) => apportion(gs.map((g) => g.seconds), target).forEach((m, i) => minutes.set(gs[i].role, m));
  share(core, coreMinutes);
  share(others, colleagueMinutes);
  return {
    totalMinutes,
    coreMinutes,
    colleagueMinutes,
    roles: list.map((g) => ({ role: g.role, titles: g.titles, minutes: minutes.get(g.role) ?? 0, core: g.core })),
  };
}

/** "about 7 minutes", "about 1 minute" (a role's share can be small). */
export function aboutMinutes(n: number): string {
  return n === 1 ? "about 1 minute" : `about ${n} minutes`;
}

export function timeSentence(w: Pick<WelcomeDto, "estimate" | "sections">): string {
  const t = timeBreakdown(w);
  if (t.colleagueMinutes <= 0 || w.estimate.coreRoles.length === 0) return `It takes ${aboutMinutes(t.totalMinutes)} in all.`;
  return (
    `It takes ${aboutMinutes(t.totalMinutes)} in all: ${aboutMinutes(t.coreMinutes)} for the ${w.estimate.coreRoles.join(" or ").toLowerCase()}, ` +
    `and ${aboutMinutes(t.colleagueMinutes)} for the sections colleagues are best placed to answer.`
  );
}

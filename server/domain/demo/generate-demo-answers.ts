/**
 * Synthetic answers for demo fieldwork (pure: question index in, SurveyJS data out). Each LA gets a
 * latent capability in [0, 1] that biases its answers, so scores and profiles spread the way a real
 * sector would, and every value is valid for the definition (choices, shapes, min/max, e-mails).
 */
import type { QuestionIndex, QuestionInfo, ChoiceInfo } from "../definitions/question-index.ts";
import { mulberry32 } from "../../lib/seeded-random.ts";
import { ASPECT_CHOICES, ITEM_ASPECTS, type ItemAspect } from "../definitions/types.ts";

export type Rng = () => number;

/** Seedable PRNG (mulberry32), shared with case-study selection. */
export const seededRng = mulberry32;

export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface DemoOptions {
  rng: Rng;
  /** 0 = weakest LA, 1 = strongest */
  capability: number;
  /** share of questions answered (1 for a finished response) */
  completeness: number;
  /** ranking of choice values, best first, for questions the scoring rules value (from rules.capability) */
  preferences?: Record<string, (string | number | boolean)[]>;
  laCode: string;
  laName: string;
}

const DONT_KNOW = /^(dont_know|don_t_know|unknown|not_sure)$/i;

/** Pick from an ordered list (best first) with a bias set by capability plus noise. */
function pickRanked<T>(ranked: T[], o: DemoOptions): T {
  const n = ranked.length;
  if (n === 1) return ranked[0];
  const target = (1 - o.capability) * (n - 1);
  const noisy = target + (o.rng() + o.rng() - 1) * Math.max(1, n / 2.5);
  return ranked[Math.min(n - 1, Math.max(0, Math.round(noisy)))];
}

function plainChoices(q: { choices?: ChoiceInfo[] }): ChoiceInfo[] {
  return (q.choices ?? []).filter((c) => !c.special);
}

function pickChoice(q: QuestionInfo, o: DemoOptions): string | number | boolean | undefined {
  const choices = plainChoices(q);
  if (choices.length === 0) return undefined;
  const dk = choices.filter((c) => DONT_KNOW.test(String(c.value)));
  if (dk.length && o.rng() < 0.04) return dk[0].value;
  const usable = choices.filter((c) => !DONT_KNOW.test(String(c.value)));
  const pref = o.preferences?.[q.name];
  if (pref) {
    const ranked = pref.filter((v) => usable.some((c) => c.value === v));
    if (ranked.length) return pickRanked(ranked, o);
  }
  return usable[Math.floor(o.rng() * usable.length)]?.value ?? choices[0].value;
}

function aspectValue(aspect: ItemAspect, o: DemoOptions, choices?: readonly string[]): string {
  // the column's own choices (they differ between definition versions), best first
  const values = choices && choices.length ? choices : ASPECT_CHOICES[aspect];
  if (o.rng() < 0.04) return "dont_know";
  return pickRanked(values.filter((v) => v !== "dont_know"), o);
}

function textAnswer(q: QuestionInfo, o: DemoOptions): string | number | undefined {
  const name = q.name.toLowerCase();
  const slug = o.laName.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "");
  let v: string | number;
  switch (q.inputType) {
    case "email":
      v = `demo.${o.laCode}@${slug || "la"}.example.org`;
      break;
    case "number":
    case "range": {
      const min = q.min ?? 0;
      const max = q.max ?? Math.max(min + 20, 50);
      v = Math.round(min + o.rng() * (max - min));
      if (/year/.test(name)) v = Math.round(Math.max(min, Math.min(max, 2008 + o.rng() * 16)));
      break;
    }
    case "date":
      v = `202${Math.floor(o.rng() * 5)}-0${1 + Math.floor(o.rng() * 9)}-1${Math.floor(o.rng() * 9)}`;
      break;
    case "tel":
      v = "01632 960000"; // Ofcom drama number range: never a real line
      break;
    case "url":
      v = `https://${slug || "la"}.example.org/`;
      break;
    default:
      if (/name/.test(name)) v = `Demo contact (${o.laName})`;
      else if (/role|job|title/.test(name)) v = "Head of Performance and Intelligence (demo)";
      else if (/phone|tel/.test(name)) v = "01632 960000";
      else if (/year/.test(name)) v = String(2008 + Math.floor(o.rng() * 16));
      else v = `Demo answer for ${o.laName}`;
  }
  if (typeof v === "string" && q.maxLength && v.length > q.maxLength) v = v.slice(0, q.maxLength);
  return v;
}

export function generateDemoAnswers(index: QuestionIndex, o: DemoOptions): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const questions = Object.values(index).sort((a, b) => a.position - b.position);
  for (const q of questions) {
    if (o.completeness < 1 && o.rng() > o.completeness) continue;
    switch (q.type) {
      case "text": {
        const v = textAnswer(q, o);
        if (v !== undefined) data[q.name] = v;
        break;
      }
      case "comment":
        if (o.rng() < 0.6) data[q.name] = `Demo note from ${o.laName}: synthetic text for demonstration only.`;
        else if (q.isRequired) data[q.name] = "Demo note.";
        break;
      case "radiogroup":
      case "dropdown":
      case "rating": {
        const v = pickChoice(q, o);
        if (v !== undefined) data[q.name] = v;
        break;
      }
      case "boolean":
        // consent questions are agreed to (their validators require it before contact details are given)
        data[q.name] = /consent|agree/i.test(q.name) ? true : o.rng() < 0.3 + 0.6 * o.capability;
        break;
      case "checkbox":
      case "tagbox": {
        const choices = plainChoices(q).filter((c) => !DONT_KNOW.test(String(c.value)));
        const pref = o.preferences?.[q.name];
        const p = (c: ChoiceInfo) => {
          const rank = pref ? pref.indexOf(c.value) : -1;
          const base = rank >= 0 ? 1 - rank / Math.max(1, pref!.length) : 0.5;
          return 0.15 + 0.7 * o.capability * base + 0.1 * o.rng();
        };
        let chosen = choices.filter((c) => o.rng() < p(c)).map((c) => c.value);
        if (chosen.length === 0 && choices.length) chosen = [choices[Math.floor(o.rng() * choices.length)].value];
        data[q.name] = chosen;
        break;
      }
      case "matrix": {
        const cols = (q.columns ?? []).flatMap((c) => (c.choices ?? []).map((x) => x.value));
        const values = cols.length ? cols : (q.columns ?? []).map((c) => c.name);
        const row: Record<string, unknown> = {};
        for (const r of q.rows ?? []) row[String(r.value)] = pickRanked(values, o);
        data[q.name] = row;
        break;
      }
      case "matrixdropdown": {
        const out: Record<string, Record<string, unknown>> = {};
        for (const r of q.rows ?? []) {
          if (o.completeness < 1 && o.rng() > o.completeness) continue;
          const cells: Record<string, unknown> = {};
          // the LA's strength varies item by item around its overall capability
          const local: DemoOptions = { ...o, capability: Math.min(1, Math.max(0, o.capability + (o.rng() - 0.5) * 0.5)) };
          for (const c of q.columns ?? []) {
            if ((ITEM_ASPECTS as readonly string[]).includes(c.name)) cells[c.name] = aspectValue(c.name as ItemAspect, local, c.choices?.map((x) => String(x.value)));
            else if (c.choices?.length) cells[c.name] = pickRanked(c.choices.map((x) => x.value), local);
            else if (c.cellType === "boolean") cells[c.name] = o.rng() < 0.5;
            else if (c.cellType === "text" || c.cellType === "comment") cells[c.name] = "Demo";
          }
          // not recorded at all: extraction, completeness and history do not apply
          if (cells.recorded === "not_recorded") {
            cells.extractable = "no";
          }
          out[String(r.value)] = cells;
        }
        if (Object.keys(out).length) data[q.name] = out;
        break;
      }
      default:
        break; // expression, html and other non-answer types
    }
  }
  return data;
}

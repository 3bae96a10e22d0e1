/**
 * The values of the Delphi reminder e-mail's placeholders (the text itself is the 'delphi_reminder'
 * e-mail template, edited on the console's e-mail page). Plain text only.
 */
import type { DelphiTemplateVars } from "../fieldwork/email-template.ts";

export interface ReminderVars {
  name: string;
  study: string;
  round: number;
  link: string;
  closesAt: Date | null;
  sender: string;
}

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/London" });

/** {{closes_at}} reads after "The round closes": "on 12 December 2026 at 17:00", or when the team closes it. */
export function closesAtText(closesAt: Date | null): string {
  return closesAt ? `on ${when(closesAt)}` : "when the research team closes it";
}

export function reminderVars(v: ReminderVars): DelphiTemplateVars {
  return { panellist_name: v.name, study_title: v.study, round: String(v.round), closes_at: closesAtText(v.closesAt), link: v.link, sender_name: v.sender };
}

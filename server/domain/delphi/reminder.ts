/**
 * The reminder e-mail to a Delphi panellist who has not submitted the open round, and the minimum
 * interval between two reminders to the same panellist in the same round. Plain text only.
 */
export const REMINDER_MIN_INTERVAL_HOURS = 24;

export interface ReminderVars {
  name: string;
  study: string;
  round: number;
  link: string;
  closesAt: Date | null;
  sender: string;
}

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/London" });

export function reminderSubject(v: ReminderVars): string {
  return `Reminder: round ${v.round} of ${v.study}`.replace(/[\r\n]+/g, " ");
}

export function reminderBody(v: ReminderVars): string {
  return [
    `Dear ${v.name},`,
    "",
    `Round ${v.round} of ${v.study} is open and we have not yet had your ratings.${v.closesAt ? ` The round closes on ${when(v.closesAt)}.` : ""}`,
    "Your ratings save as you go; choose \"Submit my ratings\" when you have finished.",
    "",
    "Your private link (please do not share it):",
    v.link,
    "",
    "Thank you,",
    v.sender,
  ].join("\n");
}

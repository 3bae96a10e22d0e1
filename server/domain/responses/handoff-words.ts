/** How a section handed to a colleague stands, in one sentence (the survey page and the console say it the same way). */
export function handoffWords(h: { colleagueName: string; acceptedBy: { name: string; role: string } | null }): string {
  if (h.acceptedBy) return `Handed to ${h.colleagueName}: ${h.acceptedBy.name} (${h.acceptedBy.role}) has taken it.`;
  return `Handed to ${h.colleagueName}: not opened yet.`;
}

/**
 * The study contact as one sentence, the same on every respondent page that gives it (first screen,
 * receipt, a link that does not work). Names are stored as people write them at the start of a line
 * ("The LA data audit research team"); mid-sentence a leading "The" reads as a typo, so it is lowered.
 */
import type { StudyContactDto } from "../../../server/contracts/respondent-welcome.ts";

/** "The LA data audit research team" -> "the LA data audit research team", for use after "Contact". */
export function midSentence(name: string): string {
  return name.replace(/^The\s/, "the ");
}

export function ContactSentence({ contact, lead = "Contact" }: { contact: StudyContactDto; lead?: string }) {
  return (
    <>
      {lead} {midSentence(contact.name)}: <a href={`mailto:${contact.email}`}>{contact.email}</a>.{contact.hours ? ` ${contact.hours}` : ""}
    </>
  );
}

/**
 * Consultation records hold what children, young people and families said, never who said it. This
 * recognises the personal data a researcher is most likely to type by habit — an e-mail address, a
 * phone number, a postcode, a date of birth, a name after a title or after "called"/"named" — so the
 * form can refuse it and say why. It cannot recognise every name; the form says that too.
 */
export interface PersonalDataFinding {
  kind: "e-mail address" | "phone number" | "postcode" | "date of birth" | "name";
  text: string;
}

const PATTERNS: { kind: PersonalDataFinding["kind"]; re: RegExp }[] = [
  { kind: "e-mail address", re: /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/gi },
  // UK numbers: 07xxx xxxxxx, 01xxx / 02x, +44 ...; at least 10 digits once spaces, dots and dashes are dropped
  { kind: "phone number", re: /(?:\+44\s?\(?0?\)?|\b0)(?:[\s.-]?\d){9,10}\b/g },
  { kind: "postcode", re: /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/g },
  { kind: "date of birth", re: /\b(?:d\.?o\.?b\.?|date of birth|born on)\b[:\s]*\S+/gi },
  { kind: "name", re: /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'-]+/g },
  { kind: "name", re: /\b(?:called|named|my name is|name:)\s+[A-Z][a-z'-]+/g },
];

export function findPersonalData(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) found.push({ kind, text: m[0] });
  }
  return found;
}

/** The refusal message for a field, naming what was found (kinds only: the text itself is not echoed into logs). */
export function personalDataMessage(field: string, found: readonly PersonalDataFinding[]): string {
  const kinds = [...new Set(found.map((f) => f.kind))];
  return (
    `${field} looks like it contains personal data (${kinds.join(", ")}). ` +
    "Consultation records must not identify the children, young people or families who took part: describe what was said, not who said it."
  );
}

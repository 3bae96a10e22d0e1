/** Words for values the register stores in its own spelling. */

/** LA types as a reader expects them: "unitary authority" -> "Unitary authority"; names such as "City of London" stay. */
export function laTypeLabel(laType: string | null): string {
  if (!laType) return "";
  return laType.charAt(0).toUpperCase() + laType.slice(1);
}

/** Words for values the register stores in its own spelling. */

/** LA types as a reader expects them: "unitary authority" -> "Unitary authority"; names such as "City of London" stay. */
export function laTypeLabel(laType: string): string {
  return laType ? laType.charAt(0).toUpperCase() + laType.slice(1) : laType;
}

/**
 * The change log keeps both the old and the new value of every saved answer. For long text edited
 * a few characters at a time (autosave while typing), storing the old text in full doubles the log
 * for nothing: the old value is kept instead as the edit that turns the new text back into it
 * (common start and end lengths, and the middle that differed). Each row still decodes on its own.
 */

/** [length of the common start, length of the common end, the old text between them]. */
export type TextEdit = [number, number, string];

/** Below this, a value is stored as it is: the saving is not worth an encoding. */
export const MIN_TEXT_LENGTH = 200;

export function encodeOldValue(oldValue: unknown, newValue: unknown): { stored: unknown; isEdit: boolean } {
  if (typeof oldValue !== "string" || typeof newValue !== "string" || oldValue.length < MIN_TEXT_LENGTH || newValue.length < MIN_TEXT_LENGTH) {
    return { stored: oldValue, isEdit: false };
  }
  const max = Math.min(oldValue.length, newValue.length);
  let start = 0;
  while (start < max && oldValue.charCodeAt(start) === newValue.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && oldValue.charCodeAt(oldValue.length - 1 - end) === newValue.charCodeAt(newValue.length - 1 - end)) end++;
  // never split a surrogate pair: the stored middle must be valid text
  if (start > 0 && isHighSurrogate(oldValue.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(oldValue.charCodeAt(oldValue.length - end))) end--;
  const middle = oldValue.slice(start, oldValue.length - end);
  if (middle.length * 2 > oldValue.length) return { stored: oldValue, isEdit: false }; // mostly rewritten: keep it whole
  const edit: TextEdit = [start, end, middle];
  return { stored: edit, isEdit: true };
}

export function decodeOldValue(stored: unknown, isEdit: boolean, newValue: unknown): unknown {
  if (!isEdit) return stored;
  const [start, end, middle] = stored as TextEdit;
  const text = newValue as string;
  return text.slice(0, start) + middle + text.slice(text.length - end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

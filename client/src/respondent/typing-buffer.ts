/**
 * Typed text reaches the survey model when typing pauses, not on every key. Every answer set in
 * survey-core re-runs every condition of the survey (each row of the 31-row item matrices) and
 * re-draws what depends on them, which cost far more than a keystroke may; with the model set to
 * update text fields on blur, this buffer also hands the text over after a short pause, and on
 * demand (`commit`) before anything that saves, changes page or leaves. The hand-over is
 * survey-react-ui's own: a focusout on the field, which sets the value exactly as leaving it would.
 */

type TextField = HTMLInputElement | HTMLTextAreaElement;

const TEXT_INPUT_TYPES = new Set(["text", "email", "tel", "url", "number", "search", "password"]);

function typedField(target: EventTarget | null, root: HTMLElement): TextField | null {
  if (!(target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)) return null;
  if (target instanceof HTMLInputElement && !TEXT_INPUT_TYPES.has(target.type)) return null;
  // a dropdown's search box filters its options; it is not an answer
  if (target.classList.contains("sd-dropdown__filter-string-input") || target.closest(".sv-popup")) return null;
  return root.contains(target) && target.closest(".sd-question") ? target : null;
}

export class TypingBuffer {
  private readonly dirty = new Set<TextField>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly idleMs = 400,
  ) {
    root.addEventListener("input", this.onInput, true);
  }

  private readonly onInput = (e: Event): void => {
    const field = typedField(e.target, this.root);
    if (!field) return;
    this.dirty.add(field);
    clearTimeout(this.timer);
    this.timer = setTimeout(this.commit, this.idleMs);
  };

  /** Whether text typed is not in the survey model yet. */
  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** Put everything typed so far into the survey model now (synchronously). */
  readonly commit = (): void => {
    clearTimeout(this.timer);
    const fields = [...this.dirty];
    this.dirty.clear();
    for (const field of fields) {
      // survey-react-ui sets a text answer on blur; the field keeps its focus and caret
      if (field.isConnected) field.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    }
  };

  dispose(): void {
    this.commit();
    this.root.removeEventListener("input", this.onInput, true);
  }
}

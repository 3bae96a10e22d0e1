/**
 * Keyboard-only helpers for browser tests: move focus with Tab (and Shift+Tab) until a chosen
 * element has it, choose from a survey-core dropdown with the arrow keys and Enter, and describe
 * what has focus. Nothing here clicks.
 */
import type { Page } from "playwright-core";

export interface Focused {
  tag: string;
  role: string | null;
  name: string;
  text: string;
  testid: string | null;
}

export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    const labelled = a?.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null;
    return {
      tag: a?.tagName.toLowerCase() ?? "",
      role: a?.getAttribute("role") ?? null,
      name: a?.getAttribute("aria-label") ?? labelled ?? a?.textContent?.trim() ?? "",
      text: a?.textContent?.trim() ?? "",
      testid: a?.getAttribute("data-testid") ?? null,
    };
  });
}

/** Press Tab (or Shift+Tab) until `match` says the focused element is the one; fails after `max` presses. */
export async function tabTo(page: Page, match: (f: Focused) => boolean, opts: { back?: boolean; max?: number } = {}): Promise<Focused> {
  const max = opts.max ?? 80;
  const trail: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(opts.back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (match(f)) return f;
    trail.push(`${f.tag}${f.role ? `[${f.role}]` : ""} "${f.name.slice(0, 60)}"`);
  }
  throw new Error(`focus never reached the element after ${max} presses of ${opts.back ? "Shift+Tab" : "Tab"}; it went to: ${trail.slice(-8).join(" → ")}`);
}

/**
 * With a survey-core dropdown (combobox) focused: open it with ArrowDown, move with ArrowDown to the
 * option whose text starts with `option`, and choose it with Enter.
 */
export async function chooseInDropdown(page: Page, option: string): Promise<void> {
  const combo = page.locator("*:focus");
  await page.keyboard.press("ArrowDown");
  const listId = await combo.getAttribute("aria-controls");
  const list = page.locator(`[id="${listId}"]`);
  await list.locator("[role=option]").first().waitFor();
  const count = await list.locator("[role=option]").count();
  for (let i = 0; i <= count + 1; i++) {
    const active = await combo.getAttribute("aria-activedescendant");
    const text = active ? ((await page.locator(`[id="${active}"]`).textContent()) ?? "").trim() : "";
    if (text.startsWith(option)) {
      await page.keyboard.press("Enter");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no option starting "${option}" in the dropdown`);
}

/** With a native <select> focused: move with the arrow keys to the option whose text starts with `option`. */
export async function chooseInSelect(page: Page, option: string): Promise<void> {
  const select = page.locator("select:focus");
  const texts = await select.locator("option").allTextContents();
  const target = texts.findIndex((t) => t.trim().startsWith(option));
  if (target < 0) throw new Error(`no option starting "${option}"`);
  for (let i = 0; i < texts.length * 2; i++) {
    const at = await select.evaluate((s: HTMLSelectElement) => s.selectedIndex);
    if (at === target) return;
    await page.keyboard.press(at < target ? "ArrowDown" : "ArrowUp");
  }
  throw new Error(`the arrow keys did not reach "${option}"`);
}

/**
 * Choose LAs by name: a type-ahead combobox (WAI-ARIA 1.2 combobox with a listbox popup) over the
 * LA register with the console's forgiving search (case, punctuation and one-letter typos), and the
 * chosen LAs listed by name with a button to remove each. Keyboard: type, Down/Up to move through
 * the suggestions, Enter to choose, Escape to close. The LA code is shown only beside the name.
 */
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { laMatches, normaliseForSearch } from "./la-search.ts";
import { laTypeLabel } from "./labels.ts";
import { describedBy } from "./field-error.tsx";
import "./la-picker.css";

export interface PickerLa {
  laCode: string;
  name: string;
  region: string;
  laType: string;
}

const MAX_SUGGESTIONS = 8;

export function LaPicker(props: {
  id: string;
  label: string;
  hint: string;
  las: PickerLa[];
  selected: string[];
  onChange: (codes: string[]) => void;
  error?: string;
  errorId: string;
  /** a short word for the announcements, e.g. "must include" */
  listName: string;
}) {
  const { id, las, selected } = props;
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  // no suggestion is active until the arrow keys move into the list
  const [active, setActive] = useState(-1);
  const [said, setSaid] = useState("");
  const listboxId = `${id}-listbox`;
  const optionId = useId();
  const byCode = useMemo(() => new Map(las.map((l) => [l.laCode, l])), [las]);
  const suggestions = useMemo(() => {
    if (!query.trim()) return [];
    const q = normaliseForSearch(query);
    // names that start with what was typed first, then a word that does, then anything the forgiving search finds
    const rank = (l: PickerLa) => {
      const name = normaliseForSearch(l.name);
      return name.startsWith(q) ? 0 : ` ${name}`.includes(` ${q}`) ? 1 : name.includes(q) ? 2 : 3;
    };
    return las
      .filter((l) => !selected.includes(l.laCode) && laMatches(query, [l.name, l.laCode, l.region, laTypeLabel(l.laType)]))
      .map((l) => ({ l, r: rank(l) }))
      .sort((a, b) => a.r - b.r || a.l.name.localeCompare(b.l.name, "en-GB"))
      .slice(0, MAX_SUGGESTIONS)
      .map((x) => x.l);
  }, [las, query, selected]);
  const showing = open && suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);
  const step = (by: 1 | -1) => (activeIndex < 0 ? (by === 1 ? 0 : suggestions.length - 1) : (activeIndex + by + suggestions.length) % suggestions.length);

  function choose(l: PickerLa) {
    props.onChange([...selected, l.laCode]);
    setQuery("");
    setOpen(false);
    setActive(-1);
    setSaid(`${l.name} added to ${props.listName}.`);
  }

  function remove(code: string) {
    props.onChange(selected.filter((c) => c !== code));
    setSaid(`${byCode.get(code)?.name ?? code} removed from ${props.listName}.`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!suggestions.length) return;
      setOpen(true);
      setActive(step(e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      // Enter chooses a suggestion; it never submits the form from here
      e.preventDefault();
      if (showing && activeIndex >= 0) choose(suggestions[activeIndex]);
      else if (suggestions.length === 1) choose(suggestions[0]);
    } else if (e.key === "Escape") {
      if (showing) e.preventDefault();
      setOpen(false);
    }
  }

  const status = !query.trim() ? "" : suggestions.length === 0 ? `No LA matches “${query.trim()}”.` : `${suggestions.length} LA${suggestions.length === 1 ? "" : "s"} match; use the down arrow to choose.`;

  return (
    <div className="field la-picker">
      <label htmlFor={id}>{props.label}</label>
      <span className="hint" id={`${id}-hint`}>
        {props.hint}
      </span>
      <div className="la-picker-box">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={showing}
          aria-controls={listboxId}
          aria-activedescendant={showing && activeIndex >= 0 ? `${optionId}-${activeIndex}` : undefined}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, `${id}-chosen`, props.error && props.errorId)}
        />
        <ul id={listboxId} role="listbox" aria-label={`LAs matching what you typed in ${props.label}`} className="la-picker-options" hidden={!showing}>
          {suggestions.map((l, i) => (
            <li
              key={l.laCode}
              id={`${optionId}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className={i === activeIndex ? "active" : undefined}
              // mousedown would blur the input (closing the list) before the click lands
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(l)}
            >
              {l.name} <span className="hint">({laTypeLabel(l.laType)}, {l.region})</span>
            </li>
          ))}
        </ul>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {said} {open ? status : ""}
      </p>
      <div id={`${id}-chosen`}>
        {selected.length === 0 ? (
          <p className="hint">None chosen.</p>
        ) : (
          <ul className="la-picker-chosen" aria-label={`${props.label}: chosen LAs`}>
            {selected.map((code) => {
              const l = byCode.get(code);
              return (
                <li key={code}>
                  {l ? `${l.name} (${laTypeLabel(l.laType)}, ${l.region})` : `An LA not in the register (${code})`}{" "}
                  <button type="button" className="button-secondary button-small" onClick={() => remove(code)} aria-label={`Remove ${l?.name ?? code} from ${props.listName}`}>
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}

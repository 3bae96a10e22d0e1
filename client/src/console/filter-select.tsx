/**
 * A filter drop-down of the console's lists and score pages: the browser's own select (so the
 * keyboard works as everywhere) with a visible label tied to it, for screen readers and so that a
 * click on the label focuses it. With `anyLabel`, the first choice is the empty value: no filter.
 * The page owns the value, usually in the address, so a filtered view can be shared and reloaded.
 */
import type { ReactNode } from "react";

/** A choice: a value shown as it is, or a value with its words. */
export type FilterChoice = string | { value: string; label: string };

export function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** words for the empty value that means "no filter" (e.g. "Any region"); leave out when every choice filters */
  anyLabel?: string;
  choices: readonly FilterChoice[];
  /** the wrapper's classes, "field" unless the page needs more */
  className?: string;
  /** choices after the listed ones */
  children?: ReactNode;
}) {
  return (
    <div className={props.className ?? "field"}>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.anyLabel !== undefined && <option value="">{props.anyLabel}</option>}
        {props.choices.map((c) => {
          const { value, label } = typeof c === "string" ? { value: c, label: c } : c;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
        {props.children}
      </select>
    </div>
  );
}

/**
 * A closed dropdown of a data-item matrix cell, drawn light until it is used. survey-react-ui's own
 * dropdown builds survey-core's option list model, its popup and their components for every closed
 * dropdown as the page is drawn (the statutory-returns matrix has 62); that was about a third of the
 * largest page's load (bench/respondent-load-profile.ts). This draws the same closed box — the same
 * elements, ids, classes, role, accessible name and state, the chosen answer or the placeholder —
 * and hands over to survey-react-ui's dropdown the moment its input takes focus or the box is
 * clicked, so everything after (the option list, arrow keys, typing to search, Enter, Escape) is
 * survey-core's own.
 */
import { useLayoutEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { SvgIcon } from "survey-react-ui";

type AnyQuestion = any;

/** A cell question this can stand in for: an editable, searchable survey-core dropdown with fixed choices. */
export function canDrawLight(q: AnyQuestion): boolean {
  return q?.getType?.() === "dropdown" && !q.isReadOnly && !q.isInputReadOnly && q.renderAs !== "select" && q.searchEnabled && !q.allowCustomChoices && !q.choicesLazyLoadEnabled && !q.inputFieldComponentName;
}

type Wake = "focus" | "open" | "clear";

function Button({ css, icon, title, onClick }: { css: string; icon: string; title: string; onClick?: (e: MouseEvent) => void }) {
  return (
    <div className={`sd-action-bar__item ${css}`}>
      <div className="sd-action-bar__item-content">
        <button className="sd-action sd-action--neutral sd-action--tertiary sd-action--small" type="button" title={title} tabIndex={-1} role="button" onClick={onClick}>
          <SvgIcon className="sd-action__icon" iconName={icon} size="auto" title={title} />
        </button>
      </div>
    </div>
  );
}

/**
 * `wrapperClass`: the class of survey-react-ui's wrapper around the cell's question (the light box
 * stands in for both). `awake` false: the light box; `onWake()` asks the cell to draw survey-react-ui's dropdown
 * (`element`) instead; once drawn, focus moves to its input, and a click opens its option list.
 */
export function LightDropdown({ question: q, wrapperClass, awake, element, onWake }: { question: AnyQuestion; wrapperClass: string; awake: boolean; element: ReactNode; onWake: () => void }) {
  const pending = useRef<Wake | null>(null);
  useLayoutEffect(() => {
    const how = pending.current;
    if (!awake || !how) return;
    pending.current = null;
    const list = q.dropdownListModel;
    if (how === "open") list?.onClick();
    else if (how === "clear") list?.onClear();
    if (how !== "open") document.getElementById(q.getFirstInputElementId())?.focus();
  }, [awake, q]);
  if (awake) return <>{element}</>;

  const css = q.cssClasses ?? {};
  const wake = (how: Wake) => {
    pending.current = how;
    onWake();
  };
  const item = q.isEmpty() ? null : q.selectedItem;
  return (
    <div className={wrapperClass}>
      <div className={q.renderCssRoot}>
        {/* focus on mouse down would hand over before the click, which would then land on nothing: the click hands over and opens */}
        <div className={css.selectWrapper} onMouseDown={(e) => e.preventDefault()} onClick={() => wake("open")}>
          <div id={q.inputId} className={q.getControlClass()}>
            <div className={css.controlValue}>
              <div className={css.inputPrefixWrapper}>
                {item && <span className="sv-string-viewer">{String(item.text)}</span>}
                <input
                  type="text"
                  autoComplete="off"
                  id={q.getFirstInputElementId()}
                  className={css.filterStringInput}
                  role="combobox"
                  aria-required={q.a11y_input_ariaRequired}
                  aria-invalid={q.a11y_input_ariaInvalid}
                  aria-errormessage={q.a11y_input_ariaErrormessage}
                  aria-expanded="false"
                  aria-label={q.a11y_input_ariaLabel}
                  aria-labelledby={q.a11y_input_ariaLabelledBy}
                  aria-describedby={q.a11y_input_ariaDescribedBy}
                  placeholder={item ? "" : String(q.placeholder || "")}
                  readOnly
                  inputMode="text"
                  onFocus={() => wake("focus")}
                />
              </div>
            </div>
            <div className={`sd-action-bar sd-action-bar--default-size ${css.group ?? ""}`}>
              {item && q.allowClear && (
                <Button
                  css="sd-editor-clean-button"
                  icon={css.cleanButtonIconId || "icon-cancel-24x24"}
                  title="Clear"
                  onClick={(e) => {
                    e.stopPropagation();
                    wake("clear");
                  }}
                />
              )}
              <Button css="sd-editor-chevron-button" icon={css.chevronButtonIconId || "icon-chevron"} title="Select" />
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

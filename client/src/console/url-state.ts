/**
 * A page's view (filters, search, sort, selection) kept in the address bar, so a reload, the Back
 * button and a copied link all bring back the same view. Values equal to their default are left
 * out of the URL. Changes replace the current history entry: typing a search does not add one
 * entry per key, and Back from a page opened from the view returns to the view as it was left.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from "react";
import { useSearchParams } from "react-router-dom";

type Patch<K extends string> = Partial<Record<K, string>>;

function read<K extends string>(defaults: Readonly<Record<K, string>>, params: URLSearchParams): Record<K, string> {
  const out: Record<K, string> = { ...defaults };
  for (const k of Object.keys(defaults) as K[]) {
    const v = params.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}

/**
 * The view and a setter. The setter takes the changes, or a function of the view as the address
 * holds it now (for a toggle pressed twice before the page re-renders).
 */
export function useUrlState<K extends string>(defaults: Readonly<Record<K, string>>): [Record<K, string>, (patch: Patch<K> | ((now: Record<K, string>) => Patch<K>)) => void] {
  const [params, setParams] = useSearchParams();
  // defaults are constant for a page: the first ones are kept, so a caller's new object each render changes nothing
  const fixed = useRef(defaults).current;
  const state = useMemo(() => read(fixed, params), [fixed, params]);
  const update = useCallback(
    (change: Patch<K> | ((now: Record<K, string>) => Patch<K>)) => {
      setParams(
        () => {
          // from the address itself, not the last render: two quick changes (clear the search, then
          // pick a region) must both be kept
          const next = new URLSearchParams(window.location.search);
          const patch = typeof change === "function" ? change(read(fixed, next)) : change;
          for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
            if (v === undefined || v === fixed[k]) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      );
    },
    [fixed, setParams],
  );
  return [state, update];
}

/**
 * A text box whose value is kept in the address under `key`. The router applies address changes in
 * a transition, after the key press has been handled, so a box bound to the address directly would
 * lose fast typing: it holds its own text, sends each change to the address, and takes the
 * address's value when that changes from elsewhere (Back, a link).
 *
 * A render can still carry an older value of the box's own typing ("c" while "ca" is in the box and
 * the address): the router's render of "c" lands between two key presses. That is not a change from
 * elsewhere, and taking it would drop the letters typed since, so the box is only reset when the
 * address itself no longer holds what the box last sent.
 */
export function useUrlText(key: string, urlValue: string, commit: (value: string) => void): [string, (value: string) => void] {
  const [text, setText] = useState(urlValue);
  const sent = useRef(urlValue);
  useEffect(() => {
    if (urlValue === sent.current) return;
    const inAddress = new URLSearchParams(window.location.search).get(key) ?? "";
    if (inAddress === sent.current) return; // a late render of our own earlier text: the newest one follows
    sent.current = urlValue;
    setText(urlValue);
  }, [key, urlValue]);
  const change = useCallback(
    (value: string) => {
      sent.current = value;
      setText(value);
      commit(value);
    },
    [commit],
  );
  return [text, change];
}

function sameView<K extends string>(a: Readonly<Record<K, string>>, b: Readonly<Record<K, string>>): boolean {
  return (Object.keys(a) as K[]).every((k) => a[k] === b[k]);
}

/**
 * A filter form that changes the view only when applied (a Filter button), with the view kept in
 * the address. The form holds its own values and takes the address's when that changes from
 * elsewhere (Back, a link). The router applies the form's own Filter press in a transition, and
 * keys typed into the form before that render lands must not be overwritten by what was applied:
 * so, as in useUrlText, the form is only reset when the address no longer holds what it last applied.
 */
export function useUrlForm<K extends string>(
  defaults: Readonly<Record<K, string>>,
): { view: Record<K, string>; form: Record<K, string>; setForm: Dispatch<SetStateAction<Record<K, string>>>; apply: () => void } {
  const [view, setView] = useUrlState(defaults);
  const fixed = useRef(defaults).current;
  const [form, setForm] = useState(view);
  const applied = useRef(view);
  useEffect(() => {
    if (sameView(read(fixed, new URLSearchParams(window.location.search)), applied.current)) return;
    applied.current = view;
    setForm(view);
  }, [fixed, view]);
  const apply = useCallback(() => {
    applied.current = form;
    setView(form);
  }, [form, setView]);
  return { view, form, setForm, apply };
}

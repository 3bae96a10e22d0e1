/**
 * A page's view (filters, search, sort, selection) kept in the address bar, so a reload, the Back
 * button and a copied link all bring back the same view. Values equal to their default are left
 * out of the URL. Changes replace the current history entry: typing a search does not add one
 * entry per key, and Back from a page opened from the view returns to the view as it was left.
 */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";

export function useUrlState<K extends string>(defaults: Readonly<Record<K, string>>): [Record<K, string>, (patch: Partial<Record<K, string>>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const out: Record<K, string> = { ...defaults };
    for (const k of Object.keys(defaults) as K[]) {
      const v = params.get(k);
      if (v !== null) out[k] = v;
    }
    return out;
    // defaults are constant for a page
  }, [params]);
  const update = useCallback(
    (patch: Partial<Record<K, string>>) => {
      setParams(
        () => {
          // from the address itself, not the last render: two quick changes (clear the search, then
          // pick a region) must both be kept
          const next = new URLSearchParams(window.location.search);
          for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
            if (v === undefined || v === defaults[k]) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [state, update];
}

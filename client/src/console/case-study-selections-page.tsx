/** Saved case-study selections: who saved which selection when, with its parameters and result. */
import { useEffect, useRef, useState } from "react";
import { api, ApiError, formatDateTime } from "./api.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { CaseStudyNav } from "./case-study-nav.tsx";
import { objectiveText, parametersText, PicksList, ResultDetails, type SelectionResult } from "./case-study-result.tsx";
import type { RunReply, SavedSelection, SelectionListReply } from "../../../server/contracts/case-studies.ts";
import type { LaRegisterReply } from "../../../server/contracts/reference.ts";
import { FilterSelect } from "./filter-select.tsx";

const WAVE_CHOICES = [
  { value: "1", label: "Wave 1" },
  { value: "2", label: "Wave 2" },
];

interface Rerun {
  wave: 1 | 2;
  declined: string;
  declinedName: string;
  result: SelectionResult;
  saved: boolean;
}

export function CaseStudySelectionsPage() {
  const [wave, setWave] = useState("");
  const selections = useApi<SelectionListReply>(`/api/admin/case-studies${wave ? `?wave=${wave}` : ""}`);
  const { data, reload } = selections;
  // LA names for the settings of each selection (must include, must exclude, declined)
  const register = useApi<LaRegisterReply>("/api/las");
  const laNames = new Map((register.data ?? []).map((l) => [l.laCode, l.name]));
  const laName = (code: string) => laNames.get(code) ?? `LA ${code}`;
  const [rerun, setRerun] = useState<Rerun | null>(null);
  const rerunHeading = useRef<HTMLHeadingElement>(null);
  // focus the new result once React has rendered it (a frame callback could run before the commit)
  useEffect(() => {
    if (rerun) rerunHeading.current?.focus();
  }, [rerun]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** The API re-runs the wave's saved selection with that pick declined, keeping the others (same k, seed, weights, constraints). */
  async function decline(s: SavedSelection, laCode: string, name: string, save: boolean) {
    setBusy(true);
    setProblem(null);
    try {
      const res = await api<RunReply>("/api/admin/case-studies", { method: "POST", body: { wave: s.wave, declineSaved: [laCode], save } });
      setRerun({ wave: s.wave, declined: laCode, declinedName: name, result: res.result, saved: save });
      if (save) reload();
    } catch (err) {
      setProblem((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }
  const current = (w: number) => data?.selections.find((x) => x.wave === w && x.isCurrent) ?? null;
  return (
    <Page title="Saved case-study selections">
      <CaseStudyNav />
      <FilterSelect id="sel-wave" label="Wave" value={wave} onChange={setWave} anyLabel="Both waves" choices={WAVE_CHOICES} />
      {problem ? (
        <p className="console-error" role="alert">
          {problem}
        </p>
      ) : null}
      {rerun ? (
        <section aria-labelledby="rerun-h" className="console-section run-card">
          <h2 id="rerun-h" tabIndex={-1} ref={rerunHeading}>
            Wave {rerun.wave} re-run after {rerun.declinedName} ({rerun.declined}) declined: objective {objectiveText(rerun.result.objective)}
          </h2>
          {rerun.saved ? (
            <p className="console-ok">Saved as the current wave {rerun.wave} selection.</p>
          ) : (
            <>
              <p>The other picks are kept; the replacement is the best LA for the objective under the same constraints. Nothing is saved yet.</p>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  const s = current(rerun.wave);
                  if (s) void decline(s, rerun.declined, rerun.declinedName, true);
                }}
              >
                Save this re-run as the wave {rerun.wave} selection
              </button>
            </>
          )}
          <PicksList result={rerun.result} />
          <ResultDetails result={rerun.result} idPrefix="rerun" />
        </section>
      ) : null}
      <Loaded state={selections} what="saved selections">
        {(data) =>
          data.selections.length === 0 ? (
            <p>No selection has been saved yet. Run one on the selection page and save it as the wave&apos;s selection.</p>
          ) : (
            <>
              <table className="console-table">
                <caption>Saved selections, newest first; the current one of each wave is marked</caption>
                <thead>
                  <tr>
                    <th scope="col">Saved</th>
                    <th scope="col">By</th>
                    <th scope="col">Wave</th>
                    <th scope="col">Picks</th>
                    <th scope="col" className="num">Objective</th>
                    <th scope="col">Parameters</th>
                  </tr>
                </thead>
                <tbody>
                  {data.selections.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <a href={`#sel-${s.id}`}>{formatDateTime(s.createdAt)}</a>
                        {s.isCurrent ? <strong> (current)</strong> : null}
                      </th>
                      <td>{s.createdByLabel ?? s.createdBy}</td>
                      <td>{s.wave}</td>
                      <td>{s.result.picks.map((p) => `${p.laName} (${p.laCode})`).join(", ")}</td>
                      <td className="num">{objectiveText(s.objective)}</td>
                      <td>{parametersText(s.result, { declined: s.parameters.declined, includeMaybe: s.parameters.includeMaybe, laName })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.selections.map((s) => (
                <section key={s.id} id={`sel-${s.id}`} aria-labelledby={`sel-${s.id}-h`} className="console-section run-card">
                  <h2 id={`sel-${s.id}-h`}>
                    Wave {s.wave} selection saved {formatDateTime(s.createdAt)} by {s.createdByLabel ?? s.createdBy}
                    {s.isCurrent ? " (current)" : ""}
                  </h2>
                  <details>
                    <summary>Picks, reserves and coverage (objective {objectiveText(s.objective)})</summary>
                    <PicksList
                      result={s.result}
                      action={
                        s.isCurrent
                          ? (code, name) => (
                              <button type="button" className="button-secondary" disabled={busy} onClick={() => void decline(s, code, name, false)}>
                                {name} declined: re-run keeping the others
                              </button>
                            )
                          : undefined
                      }
                    />
                    <ResultDetails result={s.result} idPrefix={`sel-${s.id}`} />
                  </details>
                </section>
              ))}
            </>
          )
        }
      </Loaded>
    </Page>
  );
}

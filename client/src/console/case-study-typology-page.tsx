/** Typology grid: Ofsted trajectory (rows) x capability band (columns), with counts and LA names. */
import { useState } from "react";
import { Loaded, Page, useApi } from "./page.tsx";
import { CaseStudyNav } from "./case-study-nav.tsx";
import { capabilityLabel, TRAJECTORY_LABEL, type TypologyGrid } from "./case-study-result.tsx";

export function CaseStudyTypologyPage() {
  const [all, setAll] = useState(false);
  const typology = useApi<{ grid: TypologyGrid }>(`/api/admin/case-studies/typology${all ? "?all=true" : ""}`);
  return (
    <Page title="Case-study typology">
      <CaseStudyNav />
      <p>
        Each LA&apos;s Ofsted trajectory from the ILACS inspection history, crossed with its data-capability band from scoring. Ofsted judgement
        and deprivation are related, and Ofsted is no proxy for data capability.
      </p>
      <div className="field checkbox">
        <input type="checkbox" id="typ-all" checked={all} onChange={(e) => setAll(e.target.checked)} />
        <label htmlFor="typ-all">Show all 153 LAs (not only those that submitted)</label>
      </div>
      <Loaded state={typology} what="the typology">
        {({ grid }) => (
          <>
            <p role="status" aria-live="polite" className="hint">
              {grid.total} LA{grid.total === 1 ? "" : "s"} {all ? "in the register" : "that submitted"}.
            </p>
            <div className="table-scroll" role="region" aria-labelledby="typ-caption" tabIndex={0}>
              <table className="console-table typology">
                <caption id="typ-caption">Number of LAs (and their names) by Ofsted trajectory and capability band</caption>
                <thead>
                  <tr>
                    <th scope="col">Ofsted trajectory</th>
                    {grid.bands.map((b) => (
                      <th key={b.key} scope="col">
                        {capabilityLabel(b.key)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {grid.trajectories.map((t, r) => (
                    <tr key={t.key}>
                      <th scope="row">{TRAJECTORY_LABEL[t.key] ?? t.label}</th>
                      {grid.bands.map((b, c) => {
                        const cell = grid.cells[r * grid.bands.length + c];
                        return (
                          <td key={b.key}>
                            <strong>{cell.count}</strong>
                            {cell.las.length > 0 ? (
                              <ul>
                                {cell.las.map((l) => (
                                  <li key={l.laCode}>
                                    {l.name} ({l.laCode})
                                  </li>
                                ))}
                              </ul>
                            ) : null}
                          </td>
                        );
                      })}
                      <td className="num">{t.total}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    {grid.bands.map((b) => (
                      <td key={b.key}>{b.total}</td>
                    ))}
                    <td className="num">{grid.total}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </Page>
  );
}

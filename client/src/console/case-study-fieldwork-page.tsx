import { Link } from "react-router-dom";
import type { Static } from "typebox";
import type { ListCaseStudyLasReply } from "../../../server/contracts/case-study-fieldwork.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { STATUS_LABELS } from "./case-study-fieldwork-labels.ts";

/** Every LA picked in a saved case-study selection, with its fieldwork status. */
export function CaseStudyFieldworkPage() {
  const las = useApi<Static<typeof ListCaseStudyLasReply>>("/api/admin/case-studies/fieldwork");
  return (
    <Page title="Case-study fieldwork">
      <p>
        Record what happened in each case-study LA and what its analysts could actually produce for each indicator. The{" "}
        <Link to="/console/case-studies/validation">validation page</Link> compares those findings with what the survey predicted.
      </p>
      <Loaded state={las} what="case-study LAs">
        {(data) =>
          data.las.length === 0 ? (
            <p>
              No case-study LAs yet. <Link to="/console/case-studies">Select and save a wave</Link> first.
            </p>
          ) : (
            <div className="table-scroll" role="region" aria-label="Case-study LAs table" tabIndex={0}>
              <table className="console-table">
                <caption>Case-study LAs from saved selections</caption>
                <thead>
                  <tr>
                    <th scope="col">LA</th>
                    <th scope="col">Wave</th>
                    <th scope="col">Status</th>
                    <th scope="col">Findings</th>
                    <th scope="col">Consultations</th>
                  </tr>
                </thead>
                <tbody>
                  {data.las.map((la) => (
                    <tr key={la.laCode}>
                      <th scope="row">
                        <Link to={`/console/case-studies/fieldwork/${la.laCode}`}>{la.name}</Link>
                      </th>
                      <td>{la.wave}</td>
                      <td>{STATUS_LABELS[la.status] ?? la.status}</td>
                      <td>{la.findings}</td>
                      <td>{la.consultations}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </Page>
  );
}

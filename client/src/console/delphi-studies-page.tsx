import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { Static } from "typebox";
import type { ListStudiesReply } from "../../../server/contracts/delphi.ts";
import { api, formatDateTime } from "./api.ts";
import { ErrorSummary, FieldError } from "./field-error.tsx";
import { Loaded, Page, useApi } from "./page.tsx";

/** Delphi studies: the list, and a form to start one whose items are the current indicator catalogue. */
export function DelphiStudiesPage() {
  const studies = useApi<Static<typeof ListStudiesReply>>("/api/admin/delphi/studies");
  const [title, setTitle] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const navigate = useNavigate();

  async function create(e: FormEvent) {
    e.preventDefault();
    // checked here, as the server would refuse it, so the page says it in the form's words
    if (!title.trim()) {
      setProblem("Enter a title for the study");
      return;
    }
    if (title.trim().length > 200) {
      setProblem("The title must be 200 characters or fewer");
      return;
    }
    setProblem(null);
    try {
      const { id } = await api<{ id: string }>("/api/admin/delphi/studies", { method: "POST", body: { title: title.trim() } });
      navigate(`/console/delphi/${id}`);
    } catch (err) {
      setProblem((err as Error).message);
    }
  }

  return (
    <Page title="Delphi consultation">
      <p>
        A Delphi study asks a panel to rate how important each indicator is, over rounds, until they agree. Its results join the LA survey&apos;s
        feasibility in the framework view.
      </p>
      <form onSubmit={(e) => void create(e)} noValidate className="inline-form">
        <ErrorSummary problems={problem ? [{ field: "title", message: problem }] : []} idFor={() => "delphi-title"} />
        <div className="field">
          <label htmlFor="delphi-title">Title of a new study</label>
          <span className="hint" id="delphi-title-hint">
            Its items will be the indicators of the current catalogue.
          </span>
          <FieldError id="delphi-title-error" message={problem ?? undefined} />
          <input
            id="delphi-title"
            required
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-describedby={problem ? "delphi-title-hint delphi-title-error" : "delphi-title-hint"}
            aria-invalid={problem ? true : undefined}
          />
        </div>
        <button type="submit">Create the study</button>
      </form>
      <Loaded state={studies} what="Delphi studies">
        {(data) =>
          data.studies.length === 0 ? (
            <p>No Delphi studies yet.</p>
          ) : (
            <div className="table-scroll" role="region" aria-label="Delphi studies table" tabIndex={0}>
              <table className="console-table">
                <caption>Delphi studies</caption>
                <thead>
                  <tr>
                    <th scope="col">Study</th>
                    <th scope="col">Created</th>
                    <th scope="col" className="num">Panellists</th>
                    <th scope="col" className="num">Rounds</th>
                  </tr>
                </thead>
                <tbody>
                  {data.studies.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/console/delphi/${s.id}`}>{s.title}</Link>
                      </th>
                      <td>{formatDateTime(s.createdAt)}</td>
                      <td className="num">{s.panellists}</td>
                      <td className="num">{s.rounds}</td>
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

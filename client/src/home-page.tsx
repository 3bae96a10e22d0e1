import { Link } from "react-router-dom";

export function HomePage() {
  return (
    <main id="main" className="page">
      <h1>LA Data Capability Audit</h1>
      <p>
        A survey of every English local authority with children's social care duties about how it records, extracts, links and
        uses its data, so that researchers can judge which proposed outcome indicators each authority could supply.
      </p>
      <h2>Answering for your local authority</h2>
      <p>Use the private link your local authority was sent. It opens your authority's questionnaire; your answers save as you go.</p>
      <h2>Research team</h2>
      <p>
        <Link to="/console">Sign in to the researcher console</Link>
      </p>
    </main>
  );
}

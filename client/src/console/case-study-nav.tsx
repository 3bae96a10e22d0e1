import { Link } from "react-router-dom";

/** Links between the case-study pages, shown at the top of each. */
export function CaseStudyNav() {
  return (
    <nav aria-label="Case studies">
      <ul className="button-row" style={{ listStyle: "none", padding: 0 }}>
        <li>
          <Link to="/console/case-studies">Run a selection</Link>
        </li>
        <li>
          <Link to="/console/case-studies/typology">Typology grid</Link>
        </li>
        <li>
          <Link to="/console/case-studies/saved">Saved selections</Link>
        </li>
        <li>
          <Link to="/console/case-studies/fieldwork">Fieldwork and findings</Link>
        </li>
        <li>
          <Link to="/console/case-studies/validation">Validation</Link>
        </li>
      </ul>
    </nav>
  );
}

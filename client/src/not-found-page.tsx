import { Link } from "react-router-dom";

export function NotFoundPage() {
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>
        If you typed the web address, check it is correct. <Link to="/">Go to the start page</Link>.
      </p>
    </main>
  );
}

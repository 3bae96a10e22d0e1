/**
 * The client's routes. Feature areas add their routes to client/src/routes.tsx.
 */
import { Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { featureRoutes } from "./routes.tsx";
import { HomePage } from "./home-page.tsx";
import { NotFoundPage } from "./not-found-page.tsx";

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Suspense fallback={<main id="main"><p role="status">Loading…</p></main>}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          {featureRoutes}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </>
  );
}

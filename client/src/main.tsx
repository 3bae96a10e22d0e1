import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./app.tsx";
import { openEarly } from "./respondent/opening.ts";
import { loadRespondentPage } from "./respondent/respondent-route.tsx";
import "./styles.css";

// The questionnaire: its large chunk and its data requests start now, side by side, not after
// React's first render has reached the lazy route (measured by bench/respondent-typing-bench.ts)
if (/^\/r\/?$/.test(window.location.pathname)) {
  openEarly();
  loadRespondentPage().catch(() => {}); // the route shows its own error if it fails
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);

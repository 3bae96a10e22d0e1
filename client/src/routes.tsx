/**
 * Routes of the feature areas, each lazy-loaded so the survey bundle and the console bundle load
 * only where needed (the questionnaire through its own loader: respondent-route.tsx). Add one <Route> per area.
 */
import { Fragment, lazy } from "react";
import { Route } from "react-router-dom";
import { RespondentRoute } from "./respondent/respondent-route.tsx";

const ConsoleApp = lazy(() => import("./console/console-app.tsx"));
const PanellistPage = lazy(() => import("./delphi/panellist-page.tsx"));
const ReportPage = lazy(() => import("./respondent/report-page.tsx"));
const ReportLinkPage = lazy(() => import("./reports/report-link-page.tsx"));

export const featureRoutes = (
  <Fragment>
    <Route path="/r" element={<RespondentRoute />} />
    <Route path="/r/report" element={<ReportPage />} />
    <Route path="/report" element={<ReportLinkPage />} />
    <Route path="/console/*" element={<ConsoleApp />} />
    <Route path="/delphi" element={<PanellistPage />} />
  </Fragment>
);

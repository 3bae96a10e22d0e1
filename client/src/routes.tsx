/**
 * Routes of the feature areas, each lazy-loaded so the survey bundle and the console bundle load
 * only where needed. Add one <Route> per area.
 */
import { Fragment } from "react";

export const featureRoutes = <Fragment></Fragment>;

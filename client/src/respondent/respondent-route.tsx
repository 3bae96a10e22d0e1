/**
 * The /r route: the questionnaire's page, loaded as its own chunk (1.6 MB with survey-core).
 * Not React.lazy: React commits a lazy route's content no sooner than 300 ms after it showed the
 * Suspense fallback (its throttle for retries), and on the survey link the chunk is usually there
 * well before that (main.tsx starts it with the first script). A state update here is drawn as
 * soon as the chunk has run.
 */
import { useEffect, useState, type ComponentType } from "react";

type PageModule = { default: ComponentType };

let loaded: PageModule | null = null;
let loading: Promise<PageModule> | null = null;

/** Starts (once) fetching and running the questionnaire's chunk. */
export function loadRespondentPage(): Promise<PageModule> {
  loading ??= import("./respondent-page.tsx").then(
    (m) => (loaded = m),
    (err: unknown) => {
      loading = null; // a failed fetch (a deploy, the connection) is tried again by opening the page again
      throw err;
    },
  );
  return loading;
}

export function RespondentRoute() {
  const [page, setPage] = useState<PageModule | null>(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (page) return;
    let live = true;
    loadRespondentPage().then(
      (m) => live && setPage(m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [page]);
  if (failed) {
    return (
      <main id="main" className="page respondent">
        <h1>Something went wrong</h1>
        <p role="alert">Could not load the survey. Check your connection and reload the page.</p>
      </main>
    );
  }
  if (!page) {
    return (
      <main id="main" className="page respondent">
        <p role="status">Opening your survey…</p>
      </main>
    );
  }
  const Page = page.default;
  return <Page />;
}

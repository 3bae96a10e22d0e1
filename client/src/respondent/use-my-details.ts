/**
 * The person answering in this browser, as the server knows them: by a key in an HttpOnly cookie
 * that stands for their own contributor (server/services/contributor-service.ts). Their details
 * come from there (they may have changed them since); details remembered in this browser from
 * before there were keys are given to it once. Changing "your details" changes the same contributor;
 * "Not me" makes the next details someone else's.
 */
import { useEffect, useRef } from "react";
import { respondentApi, type Contributor } from "./api.ts";
import { forgetContributor, readContributor, saveContributor } from "./contributor-form.tsx";

export function useMyDetails(setContributor: (update: (prev: Contributor | null) => Contributor | null) => void) {
  const newPerson = useRef(false);
  useEffect(() => {
    respondentApi.myDetails().then(
      (r) => {
        const local = readContributor();
        if (r.contributor) {
          const c: Contributor = { name: r.contributor.name, role: r.contributor.role, ...(r.contributor.email ? { email: r.contributor.email } : {}) };
          saveContributor(c);
          setContributor(() => c); // known here even if this browser's copy was cleared
        } else if (local) {
          respondentApi.saveMyDetails(local).catch(() => {}); // offline: again on the next visit
        }
      },
      () => {},
    );
  }, [setContributor]);

  return {
    /** Give or change this person's details on the server. */
    async rememberMe(c: Contributor): Promise<void> {
      try {
        await respondentApi.saveMyDetails({ ...c, ...(newPerson.current ? { newPerson: true } : {}) });
        newPerson.current = false;
      } catch {
        // offline: this browser keeps the details and gives them on the next visit
      }
    },
    /** "Not me": the next details given here are someone else's, and the form starts empty. */
    markNewPerson(): void {
      newPerson.current = true;
      forgetContributor();
      // the server forgets the key too, so a reload before the next person gives their details shows an empty form;
      // offline, the flag above still makes their details a new contributor
      respondentApi.forgetMe().catch(() => {});
    },
  };
}

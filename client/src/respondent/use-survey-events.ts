/**
 * The survey screen's listeners, for as long as its survey model is shown: SurveyJS events (an answer
 * changed, the page changed, Complete pressed) feed the autosave queue and the progress header, and
 * the browser's page-lifecycle events (leaving, hidden, focus, back online, back from the
 * back/forward cache) save or refresh from the server. All are removed when the model goes.
 */
import { useEffect, type RefObject } from "react";
import type { SurveyModel } from "survey-core";
import type { Autosave } from "./autosave.ts";
import { changeKeysFor } from "./survey-changes.ts";
import { TypingBuffer } from "./typing-buffer.ts";

export interface SurveyEventHandlers {
  /** true while colleagues' answers are being put into the survey: those are not our changes to save */
  applyingRemote: RefObject<boolean>;
  /** the last value seen for each question, to turn a new value into change keys */
  shadow: RefObject<Record<string, unknown>>;
  updateProgress: (now?: boolean) => void;
  /** work out the progress for the first time, in steps; returns a function that stops it */
  firstProgress: () => () => void;
  /** Complete pressed: open the check-your-answers list instead of completing */
  openCheck: () => void;
  /** back on the page: show what colleagues saved meanwhile */
  refreshFromServer: () => Promise<void>;
}

export function useSurveyEvents(survey: SurveyModel, autosave: Autosave, { applyingRemote, shadow, updateProgress, firstProgress, openCheck, refreshFromServer }: SurveyEventHandlers): void {
  useEffect(() => {
    const stopFirstProgress = firstProgress();
    // typed text enters the model when typing pauses, and always before a save, a page change or leaving
    const typing = new TypingBuffer(document.body);
    autosave.setBeforeSave(typing.commit);
    const onValue = (_: SurveyModel, o: { name: string; value: unknown }) => {
      if (applyingRemote.current) return;
      const changes = changeKeysFor(survey, o.name, o.value, shadow.current[o.name]);
      shadow.current[o.name] = structuredClone(o.value);
      if (Object.keys(changes).length > 0) autosave.change(changes);
      updateProgress();
    };
    const onPage = () => {
      autosave.setUiState({ currentPageNo: survey.currentPageNo, currentPageName: survey.currentPage?.name }, true);
      updateProgress(true);
    };
    const onPageChanging = () => typing.commit();
    const onCompleting = (_: SurveyModel, o: { allow: boolean }) => {
      typing.commit();
      o.allow = false;
      openCheck();
    };
    survey.onValueChanged.add(onValue);
    survey.onCurrentPageChanging.add(onPageChanging);
    survey.onCurrentPageChanged.add(onPage);
    survey.onCompleting.add(onCompleting);
    const onHide = () => autosave.flushOnLeave();
    const onBeforeUnload = () => typing.commit(); // into localStorage before anything else runs
    const onVisibility = () => {
      if (document.visibilityState === "hidden") void autosave.flush();
      else void refreshFromServer();
    };
    const onFocus = () => void refreshFromServer();
    const onOnline = () => void autosave.flush(); // back online: send the queue now
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) autosave.touch(); // back from the back/forward cache: our queue is ours again
    };
    // queues left by closed or crashed tabs of this LA are taken over and sent
    const adopt = setInterval(() => {
      if (autosave.adoptAbandoned()) void autosave.flush();
    }, 30_000);
    window.addEventListener("pageshow", onShow);
    window.addEventListener("focus", onFocus);
    window.addEventListener("online", onOnline);
    window.addEventListener("pagehide", onHide);
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("visibilitychange", onVisibility);
    if (autosave.hasPending) void autosave.flush(); // re-send what an earlier visit left unsaved
    return () => {
      survey.onValueChanged.remove(onValue);
      survey.onCurrentPageChanging.remove(onPageChanging);
      survey.onCurrentPageChanged.remove(onPage);
      survey.onCompleting.remove(onCompleting);
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("focus", onFocus);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pageshow", onShow);
      clearInterval(adopt);
      stopFirstProgress();
      typing.dispose();
      autosave.setBeforeSave(() => {});
      autosave.dispose();
      document.removeEventListener("visibilitychange", onVisibility);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [survey, autosave]);
}

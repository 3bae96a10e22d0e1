/** The survey page's header: the LA, who is answering, save status, progress and time left, display theme. */
import type { SurveyModel } from "survey-core";
import { ContrastDark, ContrastLight, DefaultDark, DefaultLight } from "survey-core/themes";
import type { Contributor } from "./api.ts";
import type { SaveStatus } from "./autosave.ts";
import { progressText, type Progress } from "./progress.ts";

export const THEMES = {
  default: { label: "Standard", theme: DefaultLight },
  contrast: { label: "High contrast", theme: ContrastLight },
  "contrast-dark": { label: "High contrast, dark", theme: ContrastDark },
  dark: { label: "Dark", theme: DefaultDark },
} as const;
export type ThemeId = keyof typeof THEMES;
const THEME_KEY = "lada:theme";

export function readTheme(): ThemeId {
  const t = localStorage.getItem(THEME_KEY);
  return t && t in THEMES ? (t as ThemeId) : "default";
}

export function rememberTheme(t: ThemeId): void {
  localStorage.setItem(THEME_KEY, t);
}

const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Arial, sans-serif';

/** The display theme on the survey (before it is first drawn, so the page is not drawn twice). */
export function applySurveyTheme(survey: SurveyModel, t: ThemeId): void {
  const theme = THEMES[t].theme as { cssVariables?: Record<string, string> };
  // the themes name "Open Sans", which we do not load (CSP: fonts from this site only): use the system font
  survey.applyTheme({ ...theme, cssVariables: { ...theme.cssVariables, "--sjs2-typography-font-family-text": SYSTEM_FONT } });
}

function statusText(s: SaveStatus): string {
  switch (s.kind) {
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved at ${s.at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`;
    case "offline":
      return "Offline — will retry";
    case "conflict":
      return "Not saved: a colleague changed the same answer";
    case "error":
      return `Not saved: ${s.message}`;
    default:
      return "Answers save automatically";
  }
}

interface Props {
  laName: string;
  contributor: Contributor;
  status: SaveStatus;
  progress: Progress;
  themeId: ThemeId;
  onTheme: (t: ThemeId) => void;
  onNotMe: () => void;
  onSignOut: () => void;
  onAbout: () => void;
  onCheck: () => void;
  onEditDetails: () => void;
}

export function SurveyHeader({ laName, contributor, status, progress, themeId, onTheme, onNotMe, onSignOut, onAbout, onCheck, onEditDetails }: Props) {
  return (
    <header className="respondent-header">
      <div>
        <h1 className="la-name" data-testid="la-name">
          {laName}
        </h1>
        <p className="contributor">
          Answering as {contributor.name} ({contributor.role}){" "}
          <button type="button" className="link-button" onClick={onEditDetails}>
            Change your details
          </button>{" "}
          {/* what was changed so far is saved under the current name before someone else takes over */}
          <button type="button" className="link-button" onClick={onNotMe}>
            Not you?
          </button>{" "}
          {/* ends this browser's session on the server, e.g. on a shared computer */}
          <button type="button" className="link-button" onClick={onSignOut}>
            Sign out on this device
          </button>{" "}
          <button type="button" className="link-button" onClick={onAbout}>
            About this survey
          </button>
        </p>
      </div>
      <div className="respondent-tools">
        <p className={`save-status save-${status.kind}`} role="status" aria-live="polite" data-testid="save-status">
          {statusText(status)}
        </p>
        <p className="progress-text" data-testid="progress">
          {progress.total === 0
            ? "Working out what is left to answer…" // the first walk over the sections runs in steps
            : progressText(progress)}
        </p>
        <progress className="progress-bar" max={progress.total} value={progress.complete} aria-label="Sections complete">
          {progress.complete} of {progress.total}
        </progress>
        <p>
          <button type="button" className="link-button" onClick={onCheck} data-testid="check-link">
            {progress.gapCount === 0
              ? "Check and submit"
              : progress.ruleCount > 0
                ? `Check what needs attention (${progress.gapCount})`
                : `Check what is missing (${progress.gapCount})`}
          </button>
        </p>
        <p className="theme-choice">
          <label htmlFor="theme-choice">Display</label>{" "}
          <select id="theme-choice" value={themeId} onChange={(e) => onTheme(e.target.value as ThemeId)}>
            {Object.entries(THEMES).map(([id, t]) => (
              <option key={id} value={id}>
                {t.label}
              </option>
            ))}
          </select>
        </p>
      </div>
    </header>
  );
}

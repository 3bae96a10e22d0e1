/** An LA's answer changes and response events as read from the change log, for its timeline and the audit export. */
export interface TimelineChange {
  version: number;
  question: string;
  oldValue: unknown;
  newValue: unknown;
  contributorId: string | null;
  contributorName: string | null;
  contributorRole: string | null;
  source: string;
  at: Date;
}

export interface TimelineEvent {
  kind: string;
  at: Date;
  contributorId: string | null;
  contributorName: string | null;
  actorUserId: string | null;
  reason: string | null;
}

export interface ExportChange extends TimelineChange {
  id: string;
  laCode: string;
}

export interface ExportEvent extends TimelineEvent {
  id: string;
  laCode: string;
}

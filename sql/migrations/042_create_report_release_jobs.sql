-- Releasing feedback reports runs as a background job: the request that starts it returns at once and
-- the console follows the job's progress from here. One row per job and one per LA it covers, each
-- LA's row changing in the same transaction as its release, so after a crash or restart the rows say
-- exactly which LAs were released (and e-mailed) and which were not. At most one job runs at a time
-- (the partial unique index). A job whose runner stops updating heartbeat_at is marked 'interrupted'
-- by the service, never resumed silently. Portable PG15 <-> PG18.

CREATE TABLE report_release_jobs (
  id           bigserial PRIMARY KEY,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'interrupted')),
  scope        text NOT NULL CHECK (scope IN ('all', 'list')),
  snapshot_id  bigint NOT NULL REFERENCES report_snapshots (id),
  notify       boolean NOT NULL,
  -- why no e-mail goes out for the whole job (e-mail not configured, or notify false); null when it does
  emails_off   text,
  started_by   text,
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  stop_reason  text
);
CREATE UNIQUE INDEX report_release_jobs_one_running ON report_release_jobs ((true)) WHERE status = 'running';

CREATE TABLE report_release_job_las (
  job_id        bigint NOT NULL REFERENCES report_release_jobs (id) ON DELETE CASCADE,
  position      integer NOT NULL,
  la_code       text NOT NULL,
  la_name       text NOT NULL,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'released', 'skipped', 'failed')),
  reason        text,
  -- e-mail to the LA's contacts after its release: null until tried
  email_state   text CHECK (email_state IN ('sent', 'failed', 'no_contact', 'off')),
  emails_sent   integer NOT NULL DEFAULT 0,
  emails_failed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (job_id, la_code)
);

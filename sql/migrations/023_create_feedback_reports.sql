-- Each LA's feedback report: DfE statistical neighbours (reference data), the national snapshots
-- the reports are built from, and every release of a report (what the LA saw, kept for later).
-- Portable PG15 <-> PG18 (PGlite).

CREATE TABLE statistical_neighbours (
  la_code         text NOT NULL REFERENCES las(la_code),
  rank            integer NOT NULL CHECK (rank BETWEEN 1 AND 10),
  neighbour_code  text NOT NULL REFERENCES las(la_code),
  closeness       text NOT NULL,
  PRIMARY KEY (la_code, rank)
);

-- One national snapshot serves every report of a release, and later releases reuse it unless
-- researchers take a new one for everyone: two versions of the figures could otherwise be compared
-- to isolate a late submitter. `las` holds only what the aggregates need (bands and levels per LA).
CREATE TABLE report_snapshots (
  id                  bigserial PRIMARY KEY,
  taken_at            timestamptz NOT NULL DEFAULT now(),
  taken_by            uuid REFERENCES users(id),
  survey_id           text NOT NULL,
  definition_version  integer NOT NULL,
  rules_id            text NOT NULL,
  rules_version       integer NOT NULL,
  las                 jsonb NOT NULL
);

CREATE TABLE report_releases (
  id            bigserial PRIMARY KEY,
  la_code       text NOT NULL REFERENCES las(la_code),
  version       integer NOT NULL CHECK (version >= 1),
  snapshot_id   bigint NOT NULL REFERENCES report_snapshots(id),
  report        jsonb NOT NULL,
  pdf           bytea,
  pdf_sha256    text CHECK (pdf_sha256 IS NULL OR pdf_sha256 ~ '^[0-9a-f]{64}$'),
  released_at   timestamptz NOT NULL DEFAULT now(),
  released_by   uuid REFERENCES users(id),
  withdrawn_at  timestamptz,
  withdrawn_by  uuid REFERENCES users(id),
  UNIQUE (la_code, version)
);
-- at most one live (not withdrawn) release per LA
CREATE UNIQUE INDEX report_releases_live_idx ON report_releases (la_code) WHERE withdrawn_at IS NULL;

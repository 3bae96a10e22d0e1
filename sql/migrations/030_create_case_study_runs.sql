-- Every case-study selection run, saved or not, so a researcher can list past runs, reload one into
-- the form and results, and re-run it to the same picks. `request` is what was asked (wave, k, seed,
-- weights, constraints, declines, small-LA rule); `parameters` is what the run resolved it to (the
-- earlier wave's picks, the declines recorded against LAs, the band order); `result` is the
-- SelectionResult. A run saved as its wave's selection points at that selection.
-- Portable PG15 <-> PG18 (PGlite).

CREATE TABLE case_study_runs (
  id               bigserial PRIMARY KEY,
  wave             smallint NOT NULL CHECK (wave IN (1, 2)),
  k                smallint NOT NULL CHECK (k BETWEEN 1 AND 8),
  seed             integer NOT NULL,
  objective        double precision NOT NULL CHECK (objective >= 0 AND objective <= 1),
  request          jsonb NOT NULL,
  parameters       jsonb NOT NULL,
  result           jsonb NOT NULL,
  -- why the run was made, e.g. a re-run after a pick declined
  note             text,
  selection_id     bigint REFERENCES case_study_selections (id) ON DELETE SET NULL,
  -- pseudonymous actor as in audit_log: a console user id, or "cli" for the command line
  created_by       text NOT NULL,
  created_by_kind  text NOT NULL CHECK (created_by_kind IN ('user', 'system')),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_study_runs_created_idx ON case_study_runs (created_at DESC, id DESC);

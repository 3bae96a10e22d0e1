-- Case-study selections (issue 5): each run that a researcher saves, with who, when, the parameters
-- and the full result (picks with rationale, reserves, coverage, objective terms). The latest saved
-- selection of a wave is its current one (is_current); earlier saves stay as history.
-- Picks and reserves are also stored one row each for the export's "Case studies" sheet.
-- Portable PG15 <-> PG18 (PGlite).

CREATE TABLE case_study_selections (
  id               bigserial PRIMARY KEY,
  wave             smallint NOT NULL CHECK (wave IN (1, 2)),
  k                smallint NOT NULL CHECK (k BETWEEN 1 AND 8),
  seed             integer NOT NULL,
  objective        double precision NOT NULL CHECK (objective >= 0 AND objective <= 1),
  -- weights, constraints, previous picks, declined LAs, band order, eligibility rule
  parameters       jsonb NOT NULL,
  -- SelectionResult as returned by server/domain/case-studies/select-case-studies.ts
  result           jsonb NOT NULL,
  is_current       boolean NOT NULL DEFAULT true,
  -- pseudonymous actor as in audit_log: a console user id, or "cli" for the command line
  created_by       text NOT NULL,
  created_by_kind  text NOT NULL CHECK (created_by_kind IN ('user', 'system')),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_study_selections_current_idx ON case_study_selections (wave) WHERE is_current;

CREATE TABLE case_study_selection_las (
  selection_id  bigint NOT NULL REFERENCES case_study_selections (id) ON DELETE CASCADE,
  role          text NOT NULL CHECK (role IN ('pick', 'reserve')),
  position      smallint NOT NULL, -- order of the picks; a reserve has the position of the pick it replaces
  la_code       text NOT NULL REFERENCES las (la_code),
  for_la_code   text REFERENCES las (la_code), -- reserves: the pick it would replace
  rationale     text NOT NULL DEFAULT '',
  PRIMARY KEY (selection_id, role, position)
);
CREATE INDEX case_study_selection_las_la_idx ON case_study_selection_las (la_code);

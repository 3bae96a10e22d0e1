-- Feasibility scores (issue 3): per LA x indicator and per LA x data item, and the capability
-- profile per LA, as computed by server/domain/scoring from the LA's response and the rules of the
-- definition version it was scored with. Derived data: recomputed whenever the response, the
-- rules or the scoring engine change (server/services/scoring-service.ts); never edited by hand.
-- Portable PG15 <-> PG18 (PGlite).

-- One row per scored LA: what was scored, with which rules, and the capability profile.
CREATE TABLE la_scores (
  la_code             text PRIMARY KEY REFERENCES las (la_code) ON DELETE CASCADE,
  response_id         bigint NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
  response_version    integer NOT NULL,
  response_status     text NOT NULL,
  -- the definition whose rules produced the scores (responses on older versions are migrated first)
  survey_id           text NOT NULL,
  definition_version  integer NOT NULL,
  definition_hash     text NOT NULL,
  answered_version    integer NOT NULL, -- the definition version the response itself answers
  rules_id            text NOT NULL,
  rules_version       integer NOT NULL,
  engine_version      integer NOT NULL, -- SCORING_ENGINE_VERSION: bumps when scoring code changes results
  capability_band     text NOT NULL CHECK (capability_band IN ('low', 'developing', 'established', 'advanced', 'unknown')),
  capability_score    numeric CHECK (capability_score BETWEEN 0 AND 100),
  median_level        smallint CHECK (median_level BETWEEN 1 AND 5),
  lowest_level        smallint CHECK (lowest_level BETWEEN 1 AND 5),
  capability          jsonb NOT NULL, -- CapabilityProfile (dimensions with questions, levels, descriptors, steps)
  ready_now           integer NOT NULL DEFAULT 0, -- number of indicators in each band, for quick sorting
  feasible_with_development integer NOT NULL DEFAULT 0,
  not_feasible_now    integer NOT NULL DEFAULT 0,
  not_enough_information integer NOT NULL DEFAULT 0,
  computed_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX la_scores_definition_idx ON la_scores (survey_id, definition_version);

CREATE TABLE indicator_scores (
  la_code          text NOT NULL REFERENCES la_scores (la_code) ON DELETE CASCADE,
  indicator_id     text NOT NULL,
  position         integer NOT NULL, -- catalogue order
  score            numeric CHECK (score BETWEEN 0 AND 100), -- NULL = not enough information
  band             text NOT NULL CHECK (band IN ('ready_now', 'feasible_with_development', 'not_feasible_now', 'not_enough_information')),
  barriers         text[] NOT NULL DEFAULT '{}',
  weakest_item_ids text[] NOT NULL DEFAULT '{}',
  summary          text NOT NULL DEFAULT '',
  explanation      jsonb NOT NULL, -- IndicatorExplanation: steps, and every item it needs with answers, points, gates, steps
  PRIMARY KEY (la_code, indicator_id),
  CHECK ((score IS NULL) = (band = 'not_enough_information'))
);
CREATE INDEX indicator_scores_indicator_idx ON indicator_scores (indicator_id, band);

CREATE TABLE item_scores (
  la_code      text NOT NULL REFERENCES la_scores (la_code) ON DELETE CASCADE,
  item_id      text NOT NULL,
  position     integer NOT NULL, -- catalogue order
  score        numeric CHECK (score BETWEEN 0 AND 100), -- NULL = not enough information
  barriers     text[] NOT NULL DEFAULT '{}',
  explanation  jsonb NOT NULL, -- ItemScore: answers per aspect, points, gates, steps
  PRIMARY KEY (la_code, item_id)
);
CREATE INDEX item_scores_item_idx ON item_scores (item_id);

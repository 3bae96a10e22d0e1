-- Case-study fieldwork: what happened in each case-study LA, what its analysts could actually produce
-- for each indicator (with the survey's prediction frozen at the moment the finding was recorded),
-- and consultation sessions with children, young people and families (themes only, never who took
-- part). Actors are pseudonymous console user ids, as in audit_log. Portable PG15 <-> PG18 (PGlite).

CREATE TABLE case_study_records (
  la_code         text PRIMARY KEY REFERENCES las (la_code),
  status          text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'agreed', 'declined', 'visits_done', 'closed')),
  decline_reason  text,
  -- ISO dates of visits, in order
  visit_dates     jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL
);

-- Named contacts in the LA for the case study: personal data, erased by erase-personal-data.
CREATE TABLE case_study_contacts (
  id          bigserial PRIMARY KEY,
  la_code     text NOT NULL REFERENCES las (la_code),
  name        text NOT NULL,
  email       text,
  role        text,
  erased_at   timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);
CREATE INDEX case_study_contacts_la_idx ON case_study_contacts (la_code);

CREATE TABLE case_study_log (
  id          bigserial PRIMARY KEY,
  la_code     text NOT NULL REFERENCES las (la_code),
  entry       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);
CREATE INDEX case_study_log_la_idx ON case_study_log (la_code, created_at);

CREATE TABLE case_study_findings (
  la_code             text NOT NULL REFERENCES las (la_code),
  indicator_id        text NOT NULL,
  result              text NOT NULL CHECK (result IN ('produced', 'produced_with_differences', 'produced_manually', 'not_produced')),
  reason              text CHECK (reason IN ('not_recorded', 'not_extractable', 'incomplete', 'too_little_history', 'held_by_partner', 'definition_differs', 'other')),
  notes               text NOT NULL DEFAULT '',
  -- a change to the indicator's definition that this LA's data suggests (a proposal for the next catalogue)
  definition_change   text,
  proposal_status     text CHECK (proposal_status IN ('proposed', 'accepted', 'rejected')),
  -- the survey's prediction when this finding was first recorded; never updated afterwards
  predicted_band      text NOT NULL CHECK (predicted_band IN ('ready_now', 'feasible_with_development', 'not_feasible_now', 'not_enough_information')),
  predicted_score     numeric,
  rules_version       integer,
  wave                smallint,
  capability_band     text,
  ofsted_trajectory   text,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  recorded_by         text NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (la_code, indicator_id)
);

CREATE TABLE case_study_consultations (
  id            bigserial PRIMARY KEY,
  la_code       text NOT NULL REFERENCES las (la_code),
  held_on       date NOT NULL,
  format        text NOT NULL,
  group_label   text NOT NULL,
  participants  integer NOT NULL CHECK (participants >= 0),
  -- [{theme, outcomeArea?, indicatorIds: []}]
  themes        jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL
);
CREATE INDEX case_study_consultations_la_idx ON case_study_consultations (la_code);

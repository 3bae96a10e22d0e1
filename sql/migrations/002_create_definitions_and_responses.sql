-- Survey definition versions as answered (immutable snapshots, like GOV.UK Forms' form_document),
-- and one response per LA tied to the definition version it answers.

CREATE TABLE survey_definitions (
  survey_id    text NOT NULL,
  version      integer NOT NULL,
  hash         text NOT NULL,
  definition   jsonb NOT NULL, -- { survey, catalogue, rules } exactly as published
  registered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (survey_id, version)
);

CREATE TABLE responses (
  id                  bigserial PRIMARY KEY,
  la_code             text NOT NULL UNIQUE REFERENCES las(la_code),
  survey_id           text NOT NULL,
  definition_version  integer NOT NULL,
  definition_hash     text NOT NULL,
  data                jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- per field (question, or "question.row" for matrices): the response version at which it last changed
  field_versions      jsonb NOT NULL DEFAULT '{}'::jsonb,
  ui_state            jsonb NOT NULL DEFAULT '{}'::jsonb,
  version             integer NOT NULL DEFAULT 0,
  status              text NOT NULL DEFAULT 'not_started'
                      CHECK (status IN ('not_started', 'in_progress', 'submitted')),
  is_demo             boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  first_saved_at      timestamptz,
  last_saved_at       timestamptz,
  submitted_at        timestamptz,
  submitted_by        text,
  FOREIGN KEY (survey_id, definition_version) REFERENCES survey_definitions (survey_id, version)
);
CREATE INDEX responses_status_idx ON responses (status);

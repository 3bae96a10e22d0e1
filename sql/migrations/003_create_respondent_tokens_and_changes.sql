-- Respondent journey: private LA links (tokens stored only as sha256 hashes), the contributors
-- who answer for an LA, an append-only log of every answer change, and submit/reopen events.

CREATE TABLE respondent_tokens (
  id            bigserial PRIMARY KEY,
  la_code       text NOT NULL REFERENCES las(la_code),
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'), -- sha256(token), hex; the token itself is never stored
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX respondent_tokens_la_idx ON respondent_tokens (la_code);

-- Name and role given once per browser; every change is attributed to one of these.
CREATE TABLE respondent_contributors (
  id             bigserial PRIMARY KEY,
  la_code        text NOT NULL REFERENCES las(la_code),
  name           text NOT NULL,
  role           text NOT NULL,
  first_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_seen_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (la_code, name, role)
);

-- One row per changed field (question, "question-Comment", or "matrix.row") per save.
CREATE TABLE response_changes (
  id              bigserial PRIMARY KEY,
  response_id     bigint NOT NULL REFERENCES responses(id),
  version         integer NOT NULL, -- the response version this change produced
  question        text NOT NULL,    -- change key
  old_value       jsonb,
  new_value       jsonb,
  contributor_id  bigint REFERENCES respondent_contributors(id),
  source          text NOT NULL DEFAULT 'respondent' CHECK (source IN ('respondent', 'submit')),
  changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX response_changes_response_idx ON response_changes (response_id, version);

-- Submissions and researcher reopenings.
CREATE TABLE response_events (
  id              bigserial PRIMARY KEY,
  response_id     bigint NOT NULL REFERENCES responses(id),
  kind            text NOT NULL CHECK (kind IN ('submitted', 'reopened')),
  at              timestamptz NOT NULL DEFAULT now(),
  contributor_id  bigint REFERENCES respondent_contributors(id), -- who submitted
  actor_user_id   text,   -- researcher who reopened (accounts are in 004)
  actor_email     text,
  reason          text
);
CREATE INDEX response_events_response_idx ON response_events (response_id, at);

-- Append-only: the change log and events are never edited.
CREATE FUNCTION forbid_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER response_changes_append_only BEFORE UPDATE ON response_changes
  FOR EACH ROW EXECUTE FUNCTION forbid_update();
CREATE TRIGGER response_events_append_only BEFORE UPDATE ON response_events
  FOR EACH ROW EXECUTE FUNCTION forbid_update();

ALTER TABLE responses ADD COLUMN submitted_by_contributor_id bigint REFERENCES respondent_contributors(id);

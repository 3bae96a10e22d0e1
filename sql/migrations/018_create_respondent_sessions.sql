-- Browser sessions of LA respondents. The survey page exchanges the link's token once for a session
-- whose random id (stored only as a SHA-256 hash) is the cookie, so the cookie is not the 120-day
-- link itself and "sign out" can end it on the server. A session lives no longer than its token and
-- ends at once when the token is revoked (the lookup joins the token). Portable PG15 <-> PG18.

CREATE TABLE respondent_sessions (
  session_hash  text PRIMARY KEY CHECK (session_hash ~ '^[0-9a-f]{64}$'),
  token_id      bigint NOT NULL REFERENCES respondent_tokens (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE INDEX respondent_sessions_token_idx ON respondent_sessions (token_id);

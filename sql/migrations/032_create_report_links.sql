-- Read-only report links: each released LA gets a link that opens only its feedback report (never its
-- questionnaire, whose link expires and reopens for editing). The token (256 random bits) travels in
-- the URL fragment and only its SHA-256 hash is kept; a link has its own expiry and can be revoked
-- (withdrawing a report revokes its links). The report page exchanges the token once for a browser
-- session whose random id, also stored only as a hash, is the cookie; a session ends with its link.
-- Portable PG15 <-> PG18.

CREATE TABLE report_links (
  id            bigserial PRIMARY KEY,
  la_code       text NOT NULL REFERENCES las (la_code),
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  issued_via    text NOT NULL CHECK (issued_via IN ('release', 'links-csv')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    uuid REFERENCES users (id),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX report_links_la_idx ON report_links (la_code);

CREATE TABLE report_link_sessions (
  session_hash  text PRIMARY KEY CHECK (session_hash ~ '^[0-9a-f]{64}$'),
  link_id       bigint NOT NULL REFERENCES report_links (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX report_link_sessions_link_idx ON report_link_sessions (link_id);

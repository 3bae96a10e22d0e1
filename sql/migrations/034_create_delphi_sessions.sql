-- Browser sessions of Delphi panellists. The panellist's page exchanges the link's token once for a
-- session whose random id (stored only as a SHA-256 hash) is the cookie, so the page does not keep
-- the link itself and "sign out" ends the session on the server. A session counts only while its
-- panellist's link is live (the lookup joins the panellist), so withdrawing or erasing the
-- panellist ends it at once. Portable PG15 <-> PG18.

CREATE TABLE delphi_sessions (
  session_hash  text PRIMARY KEY CHECK (session_hash ~ '^[0-9a-f]{64}$'),
  panellist_id  bigint NOT NULL REFERENCES delphi_panellists (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE INDEX delphi_sessions_panellist_idx ON delphi_sessions (panellist_id);

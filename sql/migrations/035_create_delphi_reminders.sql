-- Reminders to Delphi panellists who have not submitted an open round. Every attempt is kept (when,
-- by whom, outcome, the SMTP error) so nobody is reminded twice within the minimum interval and the
-- research team can see what was sent. Each reminder carries a fresh private link (earlier links keep
-- working): only its sha256 hash is kept, in delphi_panellist_links, and it stops working with the
-- panellist's own link (withdrawn or erased). Portable PG15 <-> PG18.

CREATE TABLE delphi_panellist_links (
  token_hash    text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  panellist_id  bigint NOT NULL REFERENCES delphi_panellists (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delphi_panellist_links_panellist_idx ON delphi_panellist_links (panellist_id);

CREATE TABLE delphi_reminders (
  id            bigserial PRIMARY KEY,
  round_id      bigint NOT NULL REFERENCES delphi_rounds (id) ON DELETE CASCADE,
  panellist_id  bigint NOT NULL REFERENCES delphi_panellists (id) ON DELETE CASCADE,
  sent_at       timestamptz NOT NULL DEFAULT now(),
  sent_by       text NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('sent', 'failed')),
  error         text
);
CREATE INDEX delphi_reminders_round_idx ON delphi_reminders (round_id, panellist_id, sent_at);

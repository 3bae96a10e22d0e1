-- Delphi consultation on the indicators: a study (settings with its stakeholder groups, consensus
-- rule and stopping rule, versioned and locked once round 1 opens), its items (catalogue indicators,
-- researcher- or panellist-added items, each with the items it came from), the panel (personal data:
-- name and e-mail, erasable), rounds, and ratings on the 1-9 scale or "unable to rate".
-- Panellist link tokens are stored only as sha256 hashes, like LA links.

CREATE TABLE delphi_studies (
  id               bigserial PRIMARY KEY,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  settings         jsonb NOT NULL,
  rules_version    integer NOT NULL DEFAULT 1,
  rules_locked_at  timestamptz,
  catalogue_version integer,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE delphi_items (
  id            bigserial PRIMARY KEY,
  study_id      bigint NOT NULL REFERENCES delphi_studies(id) ON DELETE CASCADE,
  indicator_id  text,          -- the catalogue indicator; null for items the catalogue does not have
  name          text NOT NULL,
  definition    text NOT NULL DEFAULT '',
  outcome_area  text NOT NULL DEFAULT '',
  origin        text NOT NULL CHECK (origin IN ('catalogue', 'researcher', 'panellist')),
  derived_from  bigint[] NOT NULL DEFAULT '{}', -- lineage: the items this one rewords or merges
  retired_at    timestamptz,
  position      integer NOT NULL DEFAULT 0,
  UNIQUE (study_id, indicator_id)
);
CREATE INDEX delphi_items_study_idx ON delphi_items (study_id, position);

CREATE TABLE delphi_panellists (
  id            bigserial PRIMARY KEY,
  study_id      bigint NOT NULL REFERENCES delphi_studies(id) ON DELETE CASCADE,
  name          text NOT NULL,
  email         text NOT NULL,
  group_key     text NOT NULL,
  consent_at    timestamptz,
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  revoked_at    timestamptz,
  erased_at     timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delphi_panellists_study_idx ON delphi_panellists (study_id);
CREATE INDEX delphi_panellists_email_idx ON delphi_panellists (lower(email));

CREATE TABLE delphi_rounds (
  id          bigserial PRIMARY KEY,
  study_id    bigint NOT NULL REFERENCES delphi_studies(id) ON DELETE CASCADE,
  number      integer NOT NULL CHECK (number >= 1),
  item_ids    bigint[] NOT NULL,
  eligible    text NOT NULL CHECK (eligible IN ('all', 'previousCompleters')),
  opened_at   timestamptz NOT NULL DEFAULT now(),
  closes_at   timestamptz,
  closed_at   timestamptz,
  UNIQUE (study_id, number)
);

-- Who was invited to a round, the order their items were shown in, and when they submitted.
CREATE TABLE delphi_participants (
  round_id      bigint NOT NULL REFERENCES delphi_rounds(id) ON DELETE CASCADE,
  panellist_id  bigint NOT NULL REFERENCES delphi_panellists(id) ON DELETE CASCADE,
  item_order    bigint[],
  submitted_at  timestamptz,
  PRIMARY KEY (round_id, panellist_id)
);

CREATE TABLE delphi_ratings (
  round_id        bigint NOT NULL REFERENCES delphi_rounds(id) ON DELETE CASCADE,
  panellist_id    bigint NOT NULL REFERENCES delphi_panellists(id) ON DELETE CASCADE,
  item_id         bigint NOT NULL REFERENCES delphi_items(id) ON DELETE CASCADE,
  rating          smallint CHECK (rating BETWEEN 1 AND 9),
  unable          boolean NOT NULL DEFAULT false,
  comment         text,
  comment_status  text NOT NULL DEFAULT 'pending' CHECK (comment_status IN ('pending', 'approved', 'redacted')),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, panellist_id, item_id),
  CHECK (NOT (unable AND rating IS NOT NULL))
);
CREATE INDEX delphi_ratings_item_idx ON delphi_ratings (round_id, item_id);

-- The consensus meeting's decision on items without consensus after the last round.
CREATE TABLE delphi_decisions (
  study_id    bigint NOT NULL REFERENCES delphi_studies(id) ON DELETE CASCADE,
  item_id     bigint NOT NULL REFERENCES delphi_items(id) ON DELETE CASCADE,
  decision    text NOT NULL CHECK (decision IN ('include', 'exclude')),
  reason      text NOT NULL,
  decided_by  text NOT NULL,
  decided_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (study_id, item_id)
);

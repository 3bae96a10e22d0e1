-- Items proposed by Delphi panellists in round 1, and the researcher's decision on each: accepted
-- (a new item, rated from the next round), merged into an existing item, or declined, with a reason.

CREATE TABLE delphi_proposals (
  id            bigserial PRIMARY KEY,
  study_id      bigint NOT NULL REFERENCES delphi_studies(id) ON DELETE CASCADE,
  panellist_id  bigint NOT NULL REFERENCES delphi_panellists(id) ON DELETE CASCADE,
  name          text NOT NULL,
  rationale     text NOT NULL DEFAULT '',
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'merged', 'declined')),
  reason        text,
  item_id       bigint REFERENCES delphi_items(id), -- the new item (accepted) or the item it was merged into
  decided_by    text,
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delphi_proposals_study_idx ON delphi_proposals (study_id, id);

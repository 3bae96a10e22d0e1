-- Hand a section of the questionnaire to a named colleague in the same LA. The colleague opens the
-- LA's own link (the same credential everyone in the LA uses) and picks the hand-off when saying who
-- they are, so a hand-off grants nothing the link does not already grant and needs no token of its
-- own. One live hand-off per section; cancelling keeps the row (the history stays readable).
-- Personal data: the colleague's name and optional work e-mail (erased with contributors).

CREATE TABLE section_handoffs (
  id                        bigserial PRIMARY KEY,
  la_code                   text NOT NULL REFERENCES las(la_code),
  page_name                 text NOT NULL CHECK (length(page_name) BETWEEN 1 AND 200),
  colleague_name            text NOT NULL CHECK (length(colleague_name) BETWEEN 1 AND 120),
  colleague_email           text CHECK (colleague_email IS NULL OR (length(colleague_email) <= 254 AND colleague_email LIKE '%_@_%')),
  note                      text CHECK (note IS NULL OR length(note) <= 1000),
  handed_by_contributor_id  bigint REFERENCES respondent_contributors(id),
  created_at                timestamptz NOT NULL DEFAULT now(),
  accepted_at               timestamptz,
  accepted_contributor_id   bigint REFERENCES respondent_contributors(id),
  cancelled_at              timestamptz
);
CREATE UNIQUE INDEX section_handoffs_live_idx ON section_handoffs (la_code, page_name) WHERE cancelled_at IS NULL;

-- An admin may remove stored answers that can no longer be read (written before a check existed,
-- or left by a definition change). The removal is logged like any change (source 'repair') and as
-- an event with the admin and their reason.
ALTER TABLE response_changes DROP CONSTRAINT response_changes_source_check;
ALTER TABLE response_changes ADD CONSTRAINT response_changes_source_check CHECK (source IN ('respondent', 'submit', 'repair'));
ALTER TABLE response_events DROP CONSTRAINT response_events_kind_check;
ALTER TABLE response_events ADD CONSTRAINT response_events_kind_check CHECK (kind IN ('submitted', 'reopened', 'repaired'));

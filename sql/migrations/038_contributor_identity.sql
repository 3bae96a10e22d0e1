-- A contributor is a person, not a (name, role) pair. Someone who gives their details in a browser
-- gets a contributor row of their own, found again by a random key in an HttpOnly cookie (only its
-- SHA-256 hash is stored here): editing "your details" updates that row, so the change log and
-- section attributions keep pointing at them and show the new name, and a colleague who types the
-- same name on another device gets a row of their own and cannot change or read this one's e-mail.
-- Rows from before (no key) stay as they are and are still matched by (LA, name, role) for saves
-- from browsers that have no key yet.
ALTER TABLE respondent_contributors ADD COLUMN key_hash text UNIQUE CHECK (key_hash IS NULL OR key_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE respondent_contributors DROP CONSTRAINT respondent_contributors_la_code_name_role_key;
CREATE UNIQUE INDEX respondent_contributors_unkeyed_idx ON respondent_contributors (la_code, name, role) WHERE key_hash IS NULL;

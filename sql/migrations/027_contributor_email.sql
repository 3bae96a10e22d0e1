-- Each colleague answering for an LA may give a work e-mail beside their name and role, so the
-- research team can follow up with the person who gave an answer. Optional: contributors recorded
-- before it existed (and browsers that remember only a name and role) have none. Personal data:
-- blanked by contributor erasure.
ALTER TABLE respondent_contributors ADD COLUMN email text CHECK (email IS NULL OR (length(email) <= 254 AND email LIKE '%_@_%'));

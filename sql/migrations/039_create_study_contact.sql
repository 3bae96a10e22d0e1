-- The study's contact and the "who runs it" sentence shown to LAs on the survey's first screen. They
-- belong to a deployment (the survey definition's welcome.json holds an example.org placeholder),
-- so an admin sets them in the console. One row at most; absent fields fall back to the definition.
CREATE TABLE study_contact (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  contact_name   text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 200),
  contact_email  text NOT NULL CHECK (length(contact_email) <= 254 AND contact_email LIKE '%_@_%'),
  response_time  text NOT NULL CHECK (length(response_time) <= 300),
  run_by         text NOT NULL CHECK (length(run_by) BETWEEN 1 AND 1000),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     uuid REFERENCES users(id)
);

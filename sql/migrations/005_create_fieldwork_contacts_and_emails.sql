-- Fieldwork: LA contacts (who we e-mail), editable e-mail templates, and a record of every send.

CREATE TABLE la_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_code text NOT NULL REFERENCES las (la_code),
  name text NOT NULL,
  email text NOT NULL,
  role text NOT NULL DEFAULT '',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz
);
-- One row per LA and address; re-importing a CSV updates name/role instead of duplicating.
CREATE UNIQUE INDEX la_contacts_la_email_key ON la_contacts (la_code, lower(email));

-- Templates use {{placeholders}}: la_name, la_code, contact_name, link, deadline, sender_name.
CREATE TABLE email_templates (
  key text PRIMARY KEY CHECK (key IN ('invitation', 'reminder')),
  subject text NOT NULL,
  body text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id)
);

INSERT INTO email_templates (key, subject, body) VALUES
('invitation',
 'LA Data Capability Audit: invitation for {{la_name}}',
 'Dear {{contact_name}},

We are inviting {{la_name}} to take part in the LA Data Capability Audit, a voluntary survey of the
data that children''s social care services record and can use. Colleagues can fill in different
sections, and answers are saved as you go.

Your authority''s personal link (please keep it within your team):
{{link}}

We would be grateful for your answers by {{deadline}}.

Thank you,
{{sender_name}}'),
('reminder',
 'Reminder: LA Data Capability Audit for {{la_name}}',
 'Dear {{contact_name}},

This is a reminder that the LA Data Capability Audit for {{la_name}} has not been submitted yet.
Anything already entered is saved; the same link takes you back to where you left off:
{{link}}

We would be grateful for your answers by {{deadline}}.

Thank you,
{{sender_name}}');

-- Every e-mail send attempt: who sent it, when, to whom, the outcome and any error.
CREATE TABLE email_sends (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  sent_by uuid REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('invitation', 'reminder', 'test')),
  la_code text REFERENCES las (la_code),
  contact_id uuid REFERENCES la_contacts (id) ON DELETE SET NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'failed', 'skipped')),
  error text,
  message_id text,
  batch_id uuid
);
CREATE INDEX email_sends_la_code_idx ON email_sends (la_code, at);
CREATE INDEX email_sends_batch_idx ON email_sends (batch_id);

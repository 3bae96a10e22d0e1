-- The release e-mail: when a feedback report is released, the LA's contacts get an e-mail with its
-- read-only report link, from a template researchers can edit and preview like the invitation's.
-- Every attempt is recorded in email_sends with the kind 'report_release'. Portable PG15 <-> PG18.

ALTER TABLE email_templates DROP CONSTRAINT email_templates_key_check;
ALTER TABLE email_templates ADD CONSTRAINT email_templates_key_check CHECK (key IN ('invitation', 'reminder', 'report_release'));
ALTER TABLE email_sends DROP CONSTRAINT email_sends_kind_check;
ALTER TABLE email_sends ADD CONSTRAINT email_sends_kind_check CHECK (kind IN ('invitation', 'reminder', 'test', 'report_release'));

INSERT INTO email_templates (key, subject, body) VALUES
('report_release',
 'Your feedback report from the LA Data Capability Audit: {{la_name}}',
 'Dear {{contact_name}},

Thank you for taking part in the LA Data Capability Audit. The feedback report for {{la_name}} is
ready: where your authority stands on data capability and on the feasibility of each proposed
outcome indicator, beside England, your region, your LA type and your statistical neighbours, and
what would move each indicator up.

Read it on the web, or download it as an accessible PDF and your figures as a CSV file, from your
authority''s report link (please keep it within your team):
{{link}}

This link opens only your report, not the questionnaire. Other authorities appear in the report
only as group totals.

With thanks,
{{sender_name}}');

-- The reminder to Delphi panellists who have not submitted an open round becomes an e-mail template
-- that researchers edit and preview on the console's e-mail page, like the LA e-mails. Its
-- placeholders are the panellist's and the study's ({{panellist_name}}, {{study_title}}, {{round}},
-- {{closes_at}}, {{link}}, {{sender_name}}). Portable PG15 <-> PG18.

ALTER TABLE email_templates DROP CONSTRAINT email_templates_key_check;
ALTER TABLE email_templates ADD CONSTRAINT email_templates_key_check CHECK (key IN ('invitation', 'reminder', 'report_release', 'delphi_reminder'));

INSERT INTO email_templates (key, subject, body) VALUES
('delphi_reminder',
 'Reminder: round {{round}} of {{study_title}}',
 'Dear {{panellist_name}},

Round {{round}} of {{study_title}} is open and we have not yet had your ratings. The round closes {{closes_at}}.
Your ratings save as you go; choose "Submit my ratings" when you have finished.

Your private link (please do not share it):
{{link}}

Thank you,
{{sender_name}}');

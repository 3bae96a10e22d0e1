-- Researcher console accounts, server-side sessions and the append-only audit trail.
-- Portable PG15 <-> PG18 (PGlite): no MERGE RETURNING, no JSON_TABLE, no uuidv7().

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  -- argon2id PHC string from @node-rs/argon2; NULL once the account's personal data is erased.
  password_hash text,
  role text NOT NULL CHECK (role IN ('admin', 'researcher', 'viewer')),
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Server-side session store for @fastify/session. The cookie carries only the signed sid.
CREATE TABLE sessions (
  sid text PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- Append-only audit trail. `actor` is a pseudonymous identifier (a user id, a contributor id,
-- 'system'), never an e-mail address or name: personal data lives in users / contact tables and
-- is resolved by joining, so erasing a person leaves the audit entries intact but pseudonymous.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'respondent', 'system', 'anonymous')),
  action text NOT NULL,
  la_code text,
  subject text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_la_code_at_idx ON audit_log (la_code, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_action_idx ON audit_log (action);

-- UPDATE is never allowed. DELETE is allowed only for the retention purge, which must set
-- `SET LOCAL app.audit_purge = 'on'` inside its transaction (scripts/erase-personal-data.ts --purge-expired).
CREATE FUNCTION audit_log_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('app.audit_purge', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();

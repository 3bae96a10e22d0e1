/**
 * The storage shapes bench/autosave-storage-bench.ts compares (and bench/autosave-bench.ts serves over
 * HTTP as diagnostics): tables, their data, and one save statement per shape. Parameters of every
 * save: $1 response number (1..LAS), $2 / $3 two answer keys ("q1".."q175"), $4 / $5 their values (jsonb).
 */
export const LAS = 150;
export const ANSWERS = 175;
export const PAGE = 15;

export const SETUP = `
CREATE TABLE ceil (la int PRIMARY KEY, data jsonb NOT NULL, version int NOT NULL DEFAULT 1);
CREATE TABLE doc (id int PRIMARY KEY, data jsonb NOT NULL, field_versions jsonb NOT NULL, version int NOT NULL, last_saved_at timestamptz);
CREATE TABLE answers (response_id int NOT NULL REFERENCES doc(id), top text NOT NULL, value jsonb, versions jsonb NOT NULL, PRIMARY KEY (response_id, top));
CREATE TABLE pages (response_id int NOT NULL REFERENCES doc(id), page int NOT NULL, value jsonb NOT NULL, versions jsonb NOT NULL, PRIMARY KEY (response_id, page));
CREATE TABLE contrib (id bigserial PRIMARY KEY, la int, name text, role text, last_seen_at timestamptz, UNIQUE (la, name, role));
CREATE TABLE clog (id bigserial PRIMARY KEY, response_id int REFERENCES doc(id), version int, question text, old_value jsonb, new_value jsonb,
                   contributor_id bigint REFERENCES contrib(id), changed_at timestamptz DEFAULT now());
CREATE INDEX ON clog (response_id, version);
INSERT INTO doc SELECT la, (SELECT jsonb_object_agg('q'||i, md5(i::text||la::text)||' answer text '||i) FROM generate_series(1,${ANSWERS}) i),
  (SELECT jsonb_object_agg('q'||i, (i*7)%300) FROM generate_series(1,${ANSWERS}) i), 300, now() FROM generate_series(1,${LAS}) la;
INSERT INTO answers SELECT la, 'q'||i, to_jsonb(md5(i::text||la::text)||' answer text '||i), jsonb_build_object('q'||i, (i*7)%300)
  FROM generate_series(1,${LAS}) la, generate_series(1,${ANSWERS}) i;
INSERT INTO pages SELECT la, (i-1)/${PAGE}, jsonb_object_agg('q'||i, md5(i::text||la::text)||' answer text '||i), jsonb_object_agg('q'||i, (i*7)%300)
  FROM generate_series(1,${LAS}) la, generate_series(1,${ANSWERS}) i GROUP BY la, (i-1)/${PAGE};
INSERT INTO ceil SELECT la, '{}', 1 FROM generate_series(1,${LAS}) la;
INSERT INTO contrib (la, name, role) SELECT la, 'Bench', 'Head' FROM generate_series(1,${LAS}) la;
`;

// $1 la, $2 key 1, $3 key 2, $4 value 1, $5 value 2 (jsonb)
const CHANGES = `(VALUES ($2::text, $4::jsonb), ($3::text, $5::jsonb)) x(k, v)`;
const TAIL = `who AS (INSERT INTO contrib (la, name, role) VALUES ($1, 'Bench', 'Head') ON CONFLICT (la, name, role) DO UPDATE SET last_seen_at = now() RETURNING id),
log AS (INSERT INTO clog (response_id, version, question, old_value, new_value, contributor_id)
        SELECT cur.id, cur.version + 1, ch.k, ch.old, ch.v, (SELECT id FROM who) FROM cur, ch RETURNING 1)
SELECT (SELECT version FROM upd), (SELECT count(*) FROM log)`;

export const SHAPES: Record<string, string> = {
  ceiling: `INSERT INTO ceil (la, data) VALUES ($1, jsonb_build_object('changes', jsonb_build_object($2::text, $4::jsonb, $3::text, $5::jsonb),
              'contributor', jsonb_build_object('name', 'Bench Contributor', 'role', 'Head of performance')))
            ON CONFLICT (la) DO UPDATE SET data = EXCLUDED.data, version = ceil.version + 1 RETURNING version`,
  document: `WITH cur AS (SELECT id, version, data, field_versions FROM doc WHERE id = $1 FOR NO KEY UPDATE),
ch AS (SELECT x.k, x.v, cur.data -> x.k AS old FROM cur, ${CHANGES}),
upd AS (UPDATE doc d SET data = d.data || (SELECT jsonb_object_agg(k, v) FROM ch),
          field_versions = d.field_versions || (SELECT jsonb_object_agg(k, cur.version + 1) FROM ch),
          version = d.version + 1, last_saved_at = now() FROM cur WHERE d.id = cur.id RETURNING d.version),
${TAIL}`,
  "row per answer": `WITH cur AS (SELECT id, version FROM doc WHERE id = $1 FOR NO KEY UPDATE),
ch AS (SELECT x.k, x.v, a.value AS old FROM cur CROSS JOIN ${CHANGES} LEFT JOIN answers a ON a.response_id = cur.id AND a.top = x.k),
upa AS (INSERT INTO answers (response_id, top, value, versions) SELECT cur.id, ch.k, ch.v, jsonb_build_object(ch.k, cur.version + 1) FROM cur, ch
        ON CONFLICT (response_id, top) DO UPDATE SET value = EXCLUDED.value, versions = answers.versions || EXCLUDED.versions RETURNING 1),
upd AS (UPDATE doc d SET version = d.version + 1, last_saved_at = now() FROM cur WHERE d.id = cur.id RETURNING d.version),
${TAIL}`,
  "row per page": `WITH cur AS (SELECT id, version FROM doc WHERE id = $1 FOR NO KEY UPDATE),
ch AS (SELECT x.k, x.v, (substr(x.k, 2)::int - 1) / ${PAGE} AS page, p.value -> x.k AS old
         FROM cur CROSS JOIN ${CHANGES} LEFT JOIN pages p ON p.response_id = cur.id AND p.page = (substr(x.k, 2)::int - 1) / ${PAGE}),
upp AS (UPDATE pages p SET value = p.value || c.vals, versions = p.versions || c.vers
          FROM (SELECT page, jsonb_object_agg(k, v) AS vals, jsonb_object_agg(k, (SELECT version + 1 FROM cur)) AS vers FROM ch GROUP BY page) c, cur
         WHERE p.response_id = cur.id AND p.page = c.page RETURNING 1),
upd AS (UPDATE doc d SET version = d.version + 1, last_saved_at = now() FROM cur WHERE d.id = cur.id RETURNING d.version),
${TAIL}`,
};


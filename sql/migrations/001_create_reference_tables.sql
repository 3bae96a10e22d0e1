-- Reference data: the LA register, Ofsted ILACS judgements and history, LA context figures.
-- Loaded by `npm run data:load` from sql/reference-data/ (see its PROVENANCE.md).

CREATE TABLE las (
  la_code     text PRIMARY KEY CHECK (la_code ~ '^[0-9]{3}$'),
  gss_code    text NOT NULL UNIQUE CHECK (gss_code ~ '^E[0-9]{8}$'),
  name        text NOT NULL,
  region      text NOT NULL,
  la_type     text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ofsted_judgements (
  la_code               text PRIMARY KEY REFERENCES las(la_code),
  inspection_date       date,
  publication_date      date,
  overall_effectiveness text,
  leaders               text,
  help_and_protection   text,
  children_in_care      text,
  care_leavers          text,
  as_at                 date NOT NULL,
  source_file           text NOT NULL
);

CREATE TABLE ofsted_inspections (
  id                    bigserial PRIMARY KEY,
  la_code               text REFERENCES las(la_code), -- NULL for LAs that no longer exist
  gss_code              text,
  la_name_ofsted        text NOT NULL,
  la_status             text NOT NULL,
  inspection_date       date NOT NULL,
  publication_date      date,
  inspection_type       text NOT NULL,
  overall_effectiveness text,
  leaders               text,
  help_and_protection   text,
  children_in_care      text,
  care_leavers          text,
  source_file           text NOT NULL,
  UNIQUE (la_name_ofsted, inspection_date, inspection_type)
);
CREATE INDEX ofsted_inspections_la_idx ON ofsted_inspections (la_code, inspection_date);

-- Published DfE figures per LA; NULL = suppressed or unavailable (never imputed).
CREATE TABLE la_context (
  la_code                 text NOT NULL REFERENCES las(la_code),
  year                    integer NOT NULL,
  cin_at_31_march         integer,
  cin_rate_per_10k        numeric,
  cpp_at_31_march         integer,
  cpp_rate_per_10k        numeric,
  cla_at_31_march         integer,
  cla_rate_per_10k        numeric,
  referrals_in_year       integer,
  rereferral_pct          numeric,
  child_population_0_17   integer,
  fsm_primary_pct         numeric,
  fsm_secondary_pct       numeric,
  child_low_income_pct    numeric,
  sw_turnover_pct         numeric,
  sw_agency_pct           numeric,
  sw_vacancy_pct          numeric,
  avg_caseload            numeric,
  sw_joint_return         text,
  sources                 jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (la_code, year)
);

-- What each reference-data load changed, for provenance.
CREATE TABLE reference_data_loads (
  id          bigserial PRIMARY KEY,
  loaded_at   timestamptz NOT NULL DEFAULT now(),
  dataset     text NOT NULL,
  source_file text NOT NULL,
  sha256      text NOT NULL,
  added       integer NOT NULL,
  changed     integer NOT NULL,
  unchanged   integer NOT NULL
);

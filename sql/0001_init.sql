-- The TTHC case-handling schema: reference data, dossiers, the append-only case log, access, idempotency.
-- Conventions: codes are text keys chosen by people (agency code, procedure code, dossier code); timestamps are
-- timestamptz; enumerations are text with CHECK constraints (readable in psql, stable in exports).

-- Agencies (cơ quan) and their electronic identifier used in dossier codes (Circular 01/2018/TT-VPCP, Art. 19).
CREATE TABLE agency (
    code         text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,32}$'),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    identifier   text NOT NULL UNIQUE CHECK (identifier ~ '^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$' AND length(identifier) <= 40),
    -- Office hours: [{"start": minutes after midnight, "end": …}], local time (UTC+7).
    office_hours jsonb NOT NULL DEFAULT '[{"start":450,"end":690},{"start":810,"end":1020}]',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Administrative units (đơn vị hành chính): province, district (until 2025), commune.
CREATE TABLE locality (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,32}$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
    level       text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    parent_code text REFERENCES locality (code),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Procedures (thủ tục hành chính), versioned by the day a version takes effect; a dossier keeps its version.
CREATE TABLE procedure_version (
    code             text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
    valid_from       date NOT NULL,
    name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 500),
    field            text NOT NULL DEFAULT '',
    agency_code      text NOT NULL REFERENCES agency (code),
    time_limit_value integer NOT NULL CHECK (time_limit_value BETWEEN 0 AND 3650),
    time_limit_unit  text NOT NULL CHECK (time_limit_unit IN ('working_days', 'days', 'working_hours')),
    fee              bigint NOT NULL DEFAULT 0 CHECK (fee >= 0),
    online           text NOT NULL CHECK (online IN ('none', 'partial', 'full')),
    postal           boolean NOT NULL,
    written_result   boolean NOT NULL,
    -- Required documents (thành phần hồ sơ): [{"code": "...", "name": "..."}].
    components       jsonb NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- The same national code may be handled by several agencies: a procedure is (agency, code), versioned.
    PRIMARY KEY (agency_code, code, valid_from)
);

-- Gap-free dossier numbers per agency and receipt day: the row is updated in the registering transaction, so a
-- rolled-back registration releases its number.
CREATE TABLE dossier_counter (
    agency_code text NOT NULL REFERENCES agency (code),
    day         date NOT NULL,
    last_seq    integer NOT NULL CHECK (last_seq BETWEEN 1 AND 9999),
    PRIMARY KEY (agency_code, day)
);

-- The current state of each dossier: a projection of its events, kept in the same transaction as each event.
CREATE TABLE dossier (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                 text NOT NULL UNIQUE,
    agency_code          text NOT NULL REFERENCES agency (code),
    procedure_code       text NOT NULL,
    procedure_valid_from date NOT NULL,
    channel              text NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
    online_full          boolean NOT NULL DEFAULT false,
    status               text NOT NULL CHECK (status IN ('new', 'received', 'refused', 'in_progress', 'supplement_requested',
                             'fee_requested', 'withdrawn', 'stopped', 'result_ready', 'returned')),
    applicant_name       text NOT NULL,
    applicant_kind       text NOT NULL CHECK (applicant_kind IN ('person', 'organisation')),
    applicant_id         text,
    applicant_locality   text REFERENCES locality (code),
    applicant_phone      text,
    applicant_email      text,
    applicant_address    text,
    components           jsonb NOT NULL DEFAULT '[]',
    fee                  bigint NOT NULL DEFAULT 0 CHECK (fee >= 0),
    postal_tracking      text,
    received_at          timestamptz NOT NULL,
    -- The due moment computed (or given) at receipt, and the same moved later by every finished supplement pause.
    original_due_at      timestamptz NOT NULL,
    due_at               timestamptz NOT NULL,
    -- Clock state: working seconds paused so far and the start of the current pause.
    paused_seconds       bigint NOT NULL DEFAULT 0,
    paused_since         timestamptz,
    supplement_count     integer NOT NULL DEFAULT 0,
    apologized_at        timestamptz,
    apology_new_due      timestamptz,
    ended_at             timestamptz,
    result_ready_at      timestamptz,
    result_electronic    boolean,
    result_code          text,
    returned_at          timestamptz,
    return_channel       text CHECK (return_channel IN ('direct', 'online', 'postal')),
    event_count          integer NOT NULL DEFAULT 0,
    -- The state machine's full state (CaseDomain.DossierState), so a transition needs no replay of the log.
    state                jsonb NOT NULL,
    created_by           text,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (agency_code, procedure_code, procedure_valid_from) REFERENCES procedure_version (agency_code, code, valid_from)
);
CREATE INDEX dossier_agency_received ON dossier (agency_code, received_at, id);
CREATE INDEX dossier_agency_due_open ON dossier (agency_code, due_at, id) WHERE ended_at IS NULL;
CREATE INDEX dossier_locality_received ON dossier (applicant_locality, received_at, id);
CREATE INDEX dossier_received ON dossier (received_at, id);

-- The case log: append-only, one row per change, carrying the id of the transaction that wrote it. The worker
-- reads it by (tx, id) below the oldest running transaction, so an event that commits late is never skipped.
CREATE TABLE case_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx          xid8 NOT NULL DEFAULT pg_current_xact_id(),
    dossier_id  bigint NOT NULL REFERENCES dossier (id),
    dossier_seq integer NOT NULL,
    type        text NOT NULL CHECK (type IN ('received', 'processing_started', 'handed_over', 'supplement_requested',
                    'supplement_received', 'fee_requested', 'fee_paid', 'component_digitized', 'apologized', 'result_ready',
                    'result_digitized', 'returned', 'refused', 'withdrawn', 'stopped')),
    at          timestamptz NOT NULL,
    actor       text,
    from_status text,
    to_status   text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}',
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dossier_id, dossier_seq)
);
CREATE INDEX case_event_tx ON case_event (tx, id);

CREATE FUNCTION case_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the case log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER case_event_no_update BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_event_is_append_only();
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
    FOR EACH STATEMENT EXECUTE FUNCTION case_event_is_append_only();

-- Wakes the metrics worker once per inserting statement (delivered at commit).
CREATE FUNCTION case_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('case_event', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER case_event_notify AFTER INSERT ON case_event
    FOR EACH STATEMENT EXECUTE FUNCTION case_event_notify();

-- People and programs that use the API.
CREATE TABLE app_user (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
    role          text NOT NULL CHECK (role IN ('admin', 'clerk', 'officer', 'locality', 'leader')),
    agency_code   text REFERENCES agency (code),
    locality_code text REFERENCES locality (code),
    password_hash text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    CHECK (role NOT IN ('clerk', 'officer') OR agency_code IS NOT NULL),
    CHECK (role <> 'locality' OR locality_code IS NOT NULL)
);

-- API tokens: only the SHA-256 of the token is stored.
CREATE TABLE api_token (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES app_user (id),
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);

-- Idempotency keys of creating requests: the same key and body replay the first response.
CREATE TABLE idempotency_key (
    principal       text NOT NULL,
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    text NOT NULL,
    response_status integer,
    response_body   bytea,
    resource        text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);

-- The working calendar: official days off and swapped working days; years not listed are computed (provisional).
CREATE TABLE calendar_year (
    year      integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
    status    text NOT NULL CHECK (status IN ('confirmed', 'provisional')),
    reference text NOT NULL DEFAULT ''
);

CREATE TABLE calendar_day (
    day       date PRIMARY KEY,
    kind      text NOT NULL CHECK (kind IN ('holiday', 'substitute', 'bridge', 'workday')),
    name      text NOT NULL,
    source    text NOT NULL CHECK (source IN ('official', 'provisional')),
    reference text NOT NULL DEFAULT ''
);

-- Browser sessions of signed-in users (the web interface); the cookie holds a random id, stored here hashed.
CREATE TABLE web_session (
    id_hash     bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    user_id     bigint NOT NULL REFERENCES app_user (id),
    csrf_token  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX web_session_user ON web_session (user_id);

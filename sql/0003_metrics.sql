-- The metrics projection (docs/metrics.md): the worker's checkpoint in the case log, one row of facts per dossier,
-- per-month aggregates updated by delta, the rubrics the binary carries, and the points admins enter by hand.

-- Where the worker stands in the case log: the (tx, id) of the last event it consumed. Read and written under a row
-- lock in the same transaction as the metric updates of each batch, so a crash never counts an event twice and two
-- workers never interleave.
CREATE TABLE metric_checkpoint (
    id             integer PRIMARY KEY CHECK (id = 1),
    last_tx        xid8 NOT NULL DEFAULT '0',
    last_id        bigint NOT NULL DEFAULT 0,
    -- md5 of the reference data the facts were computed with (calendar, office hours, procedure versions); when it
    -- changes the worker recomputes every dossier.
    reference_hash text NOT NULL DEFAULT '',
    events_total   bigint NOT NULL DEFAULT 0,
    batches_total  bigint NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO metric_checkpoint (id) VALUES (1);

-- What the metrics need of each dossier (CaseDomain.DossierFacts), from every event the worker has seen. The columns
-- beside `facts` are the moments at which each fact became true, so that the dossiers that count against a metric
-- can be listed for any period and any as_of with plain SQL.
CREATE TABLE metric_dossier (
    dossier_id              bigint PRIMARY KEY REFERENCES dossier (id),
    code                    text NOT NULL,
    agency_code             text NOT NULL,
    procedure_code          text NOT NULL,
    channel                 text NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
    received_at             timestamptz NOT NULL,
    due_at                  timestamptz NOT NULL,
    end_at                  timestamptz,
    -- For an ended dossier: late (after its effective due moment, or more than one supplement request), and whether
    -- an apology came before its effective due moment. Both are fixed once it has ended.
    end_late                boolean,
    end_apologized_in_time  boolean,
    last_event_at           timestamptz NOT NULL,
    written_result          boolean NOT NULL,
    fee                     bigint NOT NULL,
    components_digitized_at timestamptz,
    reused_at               timestamptz,
    paid_online_at          timestamptz,
    result_ready_at         timestamptz,
    result_electronic_at    timestamptz,
    return_at               timestamptz[] NOT NULL DEFAULT '{}',
    return_channel          text[] NOT NULL DEFAULT '{}',
    facts                   jsonb NOT NULL,
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX metric_dossier_received ON metric_dossier (agency_code, received_at);
CREATE INDEX metric_dossier_ended ON metric_dossier (agency_code, end_at);
CREATE INDEX metric_dossier_result ON metric_dossier (agency_code, result_ready_at);
-- Dossiers still open at a cutoff (or ended after it): the candidates of the open-and-overdue count.
CREATE INDEX metric_dossier_open_at ON metric_dossier (agency_code, (coalesce(end_at, 'infinity'::timestamptz)));
-- Dossiers with events after a report's as_of: the ones whose contribution must be recomputed as they stood then.
CREATE INDEX metric_dossier_last_event ON metric_dossier (agency_code, last_event_at);

-- The sums of the dossiers' contributions per agency, procedure and month (Vietnam time) for the parts of the metrics
-- that add up over months. `metric` is a metric id of CASE-LOG.md §2, except `timeliness.ended` (numerator: ended on
-- time, denominator: ended) and `timeliness.ended_late` (numerator: with a timely apology, denominator: ended late),
-- the parts of the two timeliness metrics that do not depend on the cutoff.
CREATE TABLE metric_month (
    agency_code    text NOT NULL,
    procedure_code text NOT NULL,
    month          date NOT NULL CHECK (extract(day FROM month) = 1),
    metric         text NOT NULL,
    numerator      bigint NOT NULL CHECK (numerator >= 0),
    denominator    bigint NOT NULL CHECK (denominator >= numerator),
    PRIMARY KEY (agency_code, month, procedure_code, metric)
);

-- Every full recomputation of the metrics, when and why.
CREATE TABLE metric_rebuild (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reason      text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    dossiers    bigint NOT NULL,
    events      bigint NOT NULL,
    last_tx     xid8 NOT NULL,
    last_id     bigint NOT NULL
);

-- Scoring rubrics (rubrics/*.json, carried inside the binary and loaded at start). A changed file is a new version;
-- the version loaded last is the one in force.
CREATE TABLE rubric (
    id        text NOT NULL CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    version   text NOT NULL,
    document  jsonb NOT NULL,
    source    text NOT NULL DEFAULT 'embedded',
    loaded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (id, version)
);

-- Points of the criteria the case log cannot measure, entered by an admin with their evidence, per rubric, agency and
-- report period (`2025`, `2025-Q2`, `2025-03`).
CREATE TABLE manual_score (
    rubric_id      text NOT NULL,
    agency_code    text NOT NULL REFERENCES agency (code),
    period         text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$'),
    criterion_id   text NOT NULL,
    points         numeric(8, 2) NOT NULL CHECK (points >= 0),
    not_applicable boolean NOT NULL DEFAULT false,
    evidence       text NOT NULL CHECK (length(btrim(evidence)) BETWEEN 1 AND 4000),
    loss_reason    text CHECK (loss_reason IS NULL OR length(loss_reason) <= 4000),
    entered_by     text NOT NULL,
    entered_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rubric_id, agency_code, period, criterion_id)
);

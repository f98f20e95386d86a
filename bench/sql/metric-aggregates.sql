-- The metrics projection `metric_month` computed by PostgreSQL alone, from the case log: the "PostgreSQL-only"
-- side of the benchmark. It must give exactly the rows `tthc worker --rebuild` writes (compare.sql checks that).
--
-- Definitions: shared/CASE-LOG.md §2; what is stored and under which month: docs/metrics.md ("metric_month") and
-- Sources/CaseStore/MetricsProjection.swift `contribution(of:calendar:)`; per-dossier facts:
-- Sources/CaseDomain/Facts/DossierFacts.swift; deadlines and office time: Sources/CaseDomain/Calendar/.
--
-- Input: only the case log (`case_event`: dossier_id, dossier_seq, type, at, payload) and reference data
-- (`procedure_version`, `agency.office_hours`, `calendar_day` + `calendar_year`). Never `metric_month`,
-- `metric_dossier` or the derived columns of `dossier`.
--
-- Output: four temporary tables, one per metric group, each made by ONE statement so that psql's `\timing`
-- measures each group on its own, and the view `agg_month` over them. Every table has the columns of
-- `metric_month`: (agency_code text, procedure_code text, month date, metric text, numerator bigint, denominator bigint).
--   agg_receipt     channel.online, channel.postal_in, channel.direct, digitization.dossiers, digitization.reuse,
--                   payment.online (month of `received`)
--   agg_return      return.postal (month of each `returned` event)
--   agg_result      digitization.results (month of the first `result_ready`, written result required)
--   agg_timeliness  timeliness.ended, timeliness.ended_late (month of the end)
-- Run: psql -v ON_ERROR_STOP=1 -c '\timing on' -f metric-aggregates.sql -f compare.sql   (one session: temp tables)
--
-- Conventions shared by the four statements:
-- * Months and days are Vietnam time (UTC+7, as CaseDomain.VietnamTime).
-- * A dossier's procedure version is the version of (agency, code) with the greatest valid_from <= its receipt day;
--   a dossier without one is left out of every metric, as the worker does. Versions become ranges
--   [valid_from, next valid_from) so that the join is a hash join on (agency, code) plus a range filter.
-- * "The first event of a type" is the one with the smallest dossier_seq. Events of a dossier are in time order
--   (the state machine refuses an event earlier than the previous one), so its time is the min(at) of that type.
-- * The log is read once per statement (twice for timeliness: its supplement events a second time), grouped by
--   dossier; the payload fields are taken in a fenced subquery (OFFSET 0) so that only narrow columns reach the
--   aggregation; then a small aggregate per (agency, procedure, month) is unpivoted into metric rows. No 0/0 row.
-- * The importer stores each event's payload in canonical form (CaseLogEncoder): codes trimmed, `fee` an integer,
--   timestamps RFC 3339 with +07:00; case_event.at is the payload's `at` (microseconds).

-- Session settings only. The aggregations over a million dossiers stay in memory; JIT is off because compiling these
-- wide expressions costs seconds (3.6 s on the 400-dossier example) and is never won back here.
SET work_mem = '512MB';   -- the largest hash aggregation, per dossier for 1M dossiers, takes about 420 MB
SET jit = off;
SET client_min_messages = warning;
-- Every statement reads whole tables; an index plan only ever comes from a misestimated intermediate result.
SET enable_indexscan = off;
SET enable_bitmapscan = off;
-- Without index scans a nested loop re-reads a whole table per outer row: on a small log the planner guessed one
-- outer row where there were 1,454 and the timeliness statement took 35 s for 20,000 dossiers. Hash and merge joins
-- are right for every join here.
SET enable_nestloop = off;

DROP VIEW IF EXISTS pg_temp.agg_month;
DROP TABLE IF EXISTS pg_temp.agg_receipt, pg_temp.agg_return, pg_temp.agg_result, pg_temp.agg_timeliness;

-- 1. Receipt-based metrics, filed under the month of `received`.
--    digitization.dossiers: every component code listed at receipt with digitized=false has a component_digitized
--    of that code (a dossier without such components is digitized), and, if the version requires a written result
--    and the dossier has a result_ready, that result is electronic (the first result_ready's `electronic`, or any
--    result_digitized). digitization.reuse: a component reused at receipt, or a component_digitized with
--    reused=true. payment.online: only fee-bearing dossiers (the receipt's `fee` if given, else the version's, > 0);
--    numerator: a fee_paid with online=true.
--    The dossiers are first counted per (agency, procedure, receipt day) with both readings of what depends on the
--    version (written result required or not, the version's fee or not), so that the version is joined to those
--    few cells rather than to every dossier.
CREATE TEMP TABLE agg_receipt AS
WITH version AS (
    SELECT agency_code, code, valid_from,
        lead(valid_from) OVER (PARTITION BY agency_code, code ORDER BY valid_from) AS valid_until,
        fee, written_result
    FROM procedure_version
), log AS (
    SELECT e.dossier_id, e.type, e.at, e.dossier_seq,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'agency' END AS agency,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'procedure' END AS procedure,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'channel' END AS channel,
        CASE WHEN e.type = 'received' THEN (e.payload ->> 'fee')::bigint END AS fee,
        -- The codes listed at receipt as not digitized, as a jsonb array (NULL when there is none: no jsonpath).
        CASE WHEN e.type = 'received' AND e.payload -> 'components' @> '[{"digitized": false}]'
             THEN jsonb_path_query_array(e.payload -> 'components', '$[*] ? (@.digitized == false).code')::text END AS missing,
        CASE WHEN e.type = 'component_digitized' THEN e.payload ->> 'component' END AS component,
        CASE e.type WHEN 'received' THEN e.payload -> 'components' @> '[{"reused": true}]'
                    WHEN 'component_digitized' THEN e.payload @> '{"reused": true}'
                    ELSE false END AS reused,
        CASE e.type WHEN 'result_ready' THEN e.payload @> '{"electronic": true}'
                    WHEN 'fee_paid' THEN e.payload @> '{"online": true}'
                    ELSE false END AS flag
    FROM case_event e
    WHERE e.type IN ('received', 'component_digitized', 'result_ready', 'result_digitized', 'fee_paid')
    OFFSET 0
), dossier_log AS (
    SELECT e.dossier_id,
        min(e.at) FILTER (WHERE e.type = 'received') AS received_at,
        min(e.agency) AS agency, min(e.procedure) AS procedure, min(e.channel) AS channel, min(e.fee) AS fee,
        min(e.missing) AS missing,
        -- Only dossiers with component_digitized events get an array.
        array_agg(e.component) FILTER (WHERE e.type = 'component_digitized') AS digitized,
        bool_or(e.reused) AS reused,
        -- The first result_ready: 2 * dossier_seq + electronic, so its flag is the parity of the minimum.
        min(2 * e.dossier_seq + e.flag::int) FILTER (WHERE e.type = 'result_ready') AS first_result,
        bool_or(e.type = 'result_digitized') AS result_digitized,
        bool_or(e.type = 'fee_paid' AND e.flag) AS paid_online
    FROM log e
    GROUP BY e.dossier_id
), dossier AS (
    SELECT d.agency, d.procedure, (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, d.channel, d.fee,
        d.reused, d.paid_online,
        d.missing IS NULL OR to_jsonb(d.digitized) @> d.missing::jsonb AS components_digitized,
        d.first_result IS NULL OR d.first_result % 2 = 1 OR d.result_digitized AS result_electronic_or_none
    FROM dossier_log d
    WHERE d.received_at IS NOT NULL
), cell AS (
    SELECT agency, procedure, day,
        count(*) AS received,
        count(*) FILTER (WHERE channel = 'online') AS online,
        count(*) FILTER (WHERE channel = 'postal') AS postal,
        count(*) FILTER (WHERE channel = 'direct') AS direct,
        count(*) FILTER (WHERE components_digitized) AS digitized_if_no_written_result,
        count(*) FILTER (WHERE components_digitized AND result_electronic_or_none) AS digitized_if_written_result,
        count(*) FILTER (WHERE reused) AS reused,
        count(*) FILTER (WHERE fee > 0) AS fee_given,
        count(*) FILTER (WHERE fee > 0 AND paid_online) AS paid_fee_given,
        count(*) FILTER (WHERE fee IS NULL) AS fee_of_version,
        count(*) FILTER (WHERE fee IS NULL AND paid_online) AS paid_fee_of_version
    FROM dossier
    GROUP BY agency, procedure, day
), counts AS (
    SELECT c.agency, c.procedure, date_trunc('month', c.day)::date AS month,
        sum(c.received)::bigint AS received, sum(c.online)::bigint AS online, sum(c.postal)::bigint AS postal,
        sum(c.direct)::bigint AS direct, sum(c.reused)::bigint AS reused,
        sum(CASE WHEN v.written_result THEN c.digitized_if_written_result ELSE c.digitized_if_no_written_result END)::bigint AS digitized,
        sum(c.fee_given + CASE WHEN v.fee > 0 THEN c.fee_of_version ELSE 0 END)::bigint AS fee_bearing,
        sum(c.paid_fee_given + CASE WHEN v.fee > 0 THEN c.paid_fee_of_version ELSE 0 END)::bigint AS paid_online
    FROM cell c
    JOIN version v ON v.agency_code = c.agency AND v.code = c.procedure
        AND v.valid_from <= c.day AND (v.valid_until IS NULL OR c.day < v.valid_until)
    GROUP BY 1, 2, 3
)
SELECT c.agency AS agency_code, c.procedure AS procedure_code, c.month, r.metric, r.numerator, r.denominator
FROM counts c
CROSS JOIN LATERAL (VALUES
    ('channel.online', c.online, c.received),
    ('channel.postal_in', c.postal, c.received),
    ('channel.direct', c.direct, c.received),
    ('digitization.dossiers', c.digitized, c.received),
    ('digitization.reuse', c.reused, c.received),
    ('payment.online', c.paid_online, c.fee_bearing)
) AS r (metric, numerator, denominator)
WHERE r.denominator > 0;

-- 2. return.postal: every `returned` event (events, not dossiers), under its own month; numerator: by post.
--    One pass over the log, grouped by dossier: a dossier has at most one `returned` (it is allowed only in status
--    result ready and leads to the terminal status returned), so its time and channel are aggregates; should a log
--    ever hold two, the statement fails (the cast in the WHERE clause) rather than miscount.
CREATE TEMP TABLE agg_return AS
WITH version AS (
    SELECT agency_code, code, valid_from,
        lead(valid_from) OVER (PARTITION BY agency_code, code ORDER BY valid_from) AS valid_until
    FROM procedure_version
), log AS (
    SELECT e.dossier_id, e.type, e.at,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'agency' END AS agency,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'procedure' END AS procedure,
        e.type = 'returned' AND e.payload @> '{"channel": "postal"}' AS by_post
    FROM case_event e
    WHERE e.type IN ('received', 'returned')
    OFFSET 0
), dossier_log AS (
    SELECT e.dossier_id,
        min(e.at) FILTER (WHERE e.type = 'received') AS received_at,
        min(e.agency) AS agency, min(e.procedure) AS procedure,
        count(*) FILTER (WHERE e.type = 'returned') AS returns,
        min(e.at) FILTER (WHERE e.type = 'returned') AS returned_at,
        bool_or(e.by_post) AS by_post
    FROM log e
    GROUP BY e.dossier_id
    HAVING bool_or(e.type = 'returned')
), cell AS (
    -- Per (agency, procedure, receipt day, month of the return), for the version check.
    SELECT d.agency, d.procedure, (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
        date_trunc('month', d.returned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
        count(*) FILTER (WHERE d.by_post) AS by_post, count(*) AS returned
    FROM dossier_log d
    WHERE d.received_at IS NOT NULL
        AND (d.returns = 1 OR ('dossier ' || d.dossier_id || ' has several returned events')::int IS NULL)
    GROUP BY 1, 2, 3, 4
)
SELECT c.agency AS agency_code, c.procedure AS procedure_code, c.month, 'return.postal'::text AS metric,
    sum(c.by_post)::bigint AS numerator, sum(c.returned)::bigint AS denominator
FROM cell c
JOIN version v ON v.agency_code = c.agency AND v.code = c.procedure
    AND v.valid_from <= c.day AND (v.valid_until IS NULL OR c.day < v.valid_until)
GROUP BY 1, 2, 3;

-- 3. digitization.results: dossiers with a result_ready whose version requires a written result, under the month of
--    the first result_ready; numerator: that result electronic, or any result_digitized.
CREATE TEMP TABLE agg_result AS
WITH version AS (
    SELECT agency_code, code, valid_from,
        lead(valid_from) OVER (PARTITION BY agency_code, code ORDER BY valid_from) AS valid_until, written_result
    FROM procedure_version
), log AS (
    SELECT e.dossier_id, e.type, e.at, e.dossier_seq,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'agency' END AS agency,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'procedure' END AS procedure,
        e.type = 'result_ready' AND e.payload @> '{"electronic": true}' AS electronic
    FROM case_event e
    WHERE e.type IN ('received', 'result_ready', 'result_digitized')
    OFFSET 0
), dossier_log AS (
    SELECT e.dossier_id,
        min(e.at) FILTER (WHERE e.type = 'received') AS received_at,
        min(e.agency) AS agency, min(e.procedure) AS procedure,
        min(e.at) FILTER (WHERE e.type = 'result_ready') AS result_at,
        min(2 * e.dossier_seq + e.electronic::int) FILTER (WHERE e.type = 'result_ready') AS first_result,
        bool_or(e.type = 'result_digitized') AS result_digitized
    FROM log e
    GROUP BY e.dossier_id
    HAVING bool_or(e.type = 'result_ready')
), cell AS (
    -- Per (agency, procedure, receipt day, month of the result), for the version's written_result.
    SELECT d.agency, d.procedure, (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
        date_trunc('month', d.result_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
        count(*) FILTER (WHERE d.first_result % 2 = 1 OR d.result_digitized) AS electronic, count(*) AS results
    FROM dossier_log d
    WHERE d.received_at IS NOT NULL
    GROUP BY 1, 2, 3, 4
)
SELECT c.agency AS agency_code, c.procedure AS procedure_code, c.month, 'digitization.results'::text AS metric,
    sum(c.electronic)::bigint AS numerator, sum(c.results)::bigint AS denominator
FROM cell c
JOIN version v ON v.agency_code = c.agency AND v.code = c.procedure
    AND v.valid_from <= c.day AND (v.valid_until IS NULL OR c.day < v.valid_until)
WHERE v.written_result
GROUP BY 1, 2, 3;

-- 4. The ended part of timeliness, under the month of the end:
--    timeliness.ended       numerator: not late,                          denominator: ended
--    timeliness.ended_late  numerator: apologized before effective due,   denominator: ended late
--
-- end      = the first result_ready, refused, stopped or withdrawn; a `returned` only if no result_ready came before
--            it (the state machine makes that impossible; kept for exactness).
-- due      = the receipt's `due` if given, else from the version's time limit (BusinessCalendar.due):
--            effective receipt day E = the receipt day if it is a working day and the receipt is before closing time
--            (the end of the agency's last session; 17:00:00 is already too late), else the next working day;
--            working_days N:  closing moment of the N-th working day after E;
--            days N:          closing moment of E + N days, or of the next working day if that is not one;
--            working_hours N: N hours of office time added to the moment of receipt (BusinessCalendar.adding).
--            All three units are implemented and tested against the worker.
-- paused   = Σ over supplement_requested of the office time until the following supplement_received, or until the
--            end if the dossier ended (withdrawn, stopped) while waiting. Requests and receipts alternate (the state
--            machine), so with C(t) = office seconds before t (a cumulative counter) the total is
--            Σ C(supplement_received) − Σ C(supplement_requested) + (C(end) if a request is still open at the end).
-- eff. due = due if paused = 0 (unchanged, fraction of a second kept), else the smallest moment t with
--            C(t) = C(due) + paused (BusinessCalendar.adding: landing exactly on a session end gives that end).
-- late     = end.at > eff. due, or more than one supplement_requested. Apology in time: first apologized.at < eff. due.
--
-- Office time: whole seconds (moments are truncated to the second, VietnamTime.wholeSeconds), inside the agency's
-- `office_hours` sessions ([{"start","end"}] in minutes, Vietnam time) on working days. Office hours that are not a
-- valid list (empty, a session outside 00:00–24:00 or empty, unsorted or overlapping) are the standard 07:30–11:30,
-- 13:30–17:00, as the worker does. Up to 4 sessions are evaluated inline, more through a (slower) subquery.
-- Working day: Monday–Friday, unless `calendar_day` lists the day for a year present in `calendar_year` (kind
-- `workday`: working; any other kind: day off).
-- CAVEAT: for a year without any day in calendar_day/calendar_year the worker falls back to its built-in calendar
-- (official 2020–2026, else HolidayRules from the lunar calendar); this SQL then takes plain Monday–Friday. The
-- seed stores 2020–2026, so the two agree while every receipt, end and moment in between lies in stored years;
-- compare.sql warns about result years without a stored calendar (store them, as `tthc` does on a calendar edit).
--
-- The working calendar covers 1900–2200 (the years calendar_year may hold) as two arrays, so that a look-up is a
-- subscript, not a join: day_code[n + 25568] = 2·rank + working for day n (days since 1970-01-01, Vietnam time;
-- 25568 puts 1900-01-01 at 1), rank = working days from 1900-01-01 through n; working_day[r] = the day n of the
-- r-th working day. Then
--   C(t) = (rank(day) − working(day)) · per_day + (working(day) ? office seconds of that day before t : 0),
-- the N-th working day after a working day of rank r is working_day[r + N], and C⁻¹(T) is the working day of rank
-- ceil(T / per_day) plus a position inside its sessions. Only the supplement events are read a second time (to get C
-- of each request and receipt, with the agency's hours); every other step is an expression per dossier.
CREATE TEMP TABLE agg_timeliness AS
WITH version AS (
    SELECT agency_code, code, valid_from,
        lead(valid_from) OVER (PARTITION BY agency_code, code ORDER BY valid_from) AS valid_until,
        time_limit_value, time_limit_unit
    FROM procedure_version
), session_raw AS (
    SELECT a.code AS agency, s.ord, (s.value ->> 'start')::int * 60 AS start_s, (s.value ->> 'end')::int * 60 AS end_s
    FROM agency a
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.office_hours) = 'array' THEN a.office_hours ELSE '[]' END)
        WITH ORDINALITY AS s (value, ord)
), session_valid AS (
    -- OfficeHours(sessions:): at least one session, 0 <= start < end <= 24:00, sorted, not overlapping.
    SELECT agency FROM (
        SELECT agency, start_s, end_s, lag(end_s) OVER (PARTITION BY agency ORDER BY ord) AS previous_end
        FROM session_raw) q
    GROUP BY agency
    HAVING bool_and(start_s >= 0 AND start_s < end_s AND end_s <= 86400 AND (previous_end IS NULL OR previous_end <= start_s))
), sessions AS (
    SELECT r.agency, r.ord, r.start_s, r.end_s FROM session_raw r WHERE r.agency IN (SELECT agency FROM session_valid)
    UNION ALL
    SELECT a.code, s.ord, s.start_s, s.end_s
    FROM agency a CROSS JOIN (VALUES (1, 27000, 41400), (2, 48600, 61200)) AS s (ord, start_s, end_s)
    WHERE a.code NOT IN (SELECT agency FROM session_valid)
), office AS (
    -- Per agency, in seconds after midnight: sessions s1..s4 / e1..e4 (an absent one is 0–0), c1..c4 the office
    -- seconds of the day at the end of each (NULL if absent), per_day, closing (the last end); the arrays for more.
    SELECT agency, count(*) AS n,
        coalesce(max(start_s) FILTER (WHERE ord = 1), 0) AS s1, coalesce(max(end_s) FILTER (WHERE ord = 1), 0) AS e1,
        coalesce(max(start_s) FILTER (WHERE ord = 2), 0) AS s2, coalesce(max(end_s) FILTER (WHERE ord = 2), 0) AS e2,
        coalesce(max(start_s) FILTER (WHERE ord = 3), 0) AS s3, coalesce(max(end_s) FILTER (WHERE ord = 3), 0) AS e3,
        coalesce(max(start_s) FILTER (WHERE ord = 4), 0) AS s4, coalesce(max(end_s) FILTER (WHERE ord = 4), 0) AS e4,
        max(cum) FILTER (WHERE ord = 1) AS c1, max(cum) FILTER (WHERE ord = 2) AS c2,
        max(cum) FILTER (WHERE ord = 3) AS c3, max(cum) FILTER (WHERE ord = 4) AS c4,
        array_agg(start_s ORDER BY ord) AS starts, array_agg(end_s ORDER BY ord) AS ends, array_agg(cum ORDER BY ord) AS cums,
        max(cum) AS per_day, max(end_s) AS closing
    FROM (SELECT *, sum(end_s - start_s) OVER (PARTITION BY agency ORDER BY ord) AS cum FROM sessions) q
    GROUP BY agency
), listed AS (
    SELECT (d.day - DATE '1970-01-01') AS n, d.kind = 'workday' AS working
    FROM calendar_day d JOIN calendar_year y ON y.year = extract(year FROM d.day)::int
), cal AS (
    SELECT n, working, sum(working::int) OVER (ORDER BY n) AS rank
    FROM (
        SELECT g.n, coalesce(l.working, ((g.n % 7) + 10) % 7 < 5) AS working   -- n = 0 (1970-01-01) is a Thursday
        FROM generate_series(DATE '1900-01-01' - DATE '1970-01-01', DATE '2200-12-31' - DATE '1970-01-01') AS g (n)
        LEFT JOIN listed l ON l.n = g.n) q
), calendar AS (
    SELECT (SELECT array_agg((2 * rank + working::int)::int ORDER BY n) FROM cal) AS day_code,
           (SELECT array_agg(n::int ORDER BY rank) FROM cal WHERE working) AS working_day
), log AS (
    SELECT e.dossier_id, e.type, e.at, e.dossier_seq,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'agency' END AS agency,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'procedure' END AS procedure,
        CASE WHEN e.type = 'received' THEN e.payload ->> 'due' END AS due
    FROM case_event e
    WHERE e.type IN ('received', 'result_ready', 'refused', 'stopped', 'withdrawn', 'returned', 'supplement_requested',
        'supplement_received', 'apologized')
    OFFSET 0
), dossier_log AS (
    SELECT e.dossier_id,
        min(e.at) FILTER (WHERE e.type = 'received') AS received_at,
        min(e.agency) AS agency, min(e.procedure) AS procedure, min(e.due) AS due_given,
        min(e.at) FILTER (WHERE e.type IN ('result_ready', 'refused', 'stopped', 'withdrawn')) AS first_end_at,
        min(e.dossier_seq) FILTER (WHERE e.type = 'result_ready') AS result_seq,
        min(e.dossier_seq) FILTER (WHERE e.type = 'returned') AS returned_seq,
        min(e.at) FILTER (WHERE e.type = 'returned') AS returned_at,
        count(*) FILTER (WHERE e.type = 'supplement_requested') AS requests,
        count(*) FILTER (WHERE e.type = 'supplement_received') AS resumptions,
        min(e.at) FILTER (WHERE e.type = 'apologized') AS apologized_at
    FROM log e
    GROUP BY e.dossier_id
    HAVING bool_or(e.type IN ('result_ready', 'refused', 'stopped', 'withdrawn', 'returned'))
), ended AS (
    -- Ended dossiers with their version and their agency's office hours; the receipt in whole seconds (received_s)
    -- and its day (received_n).
    SELECT d.dossier_id, d.agency, d.procedure, d.received_at, d.due_given::timestamptz AS due_given,
        least(d.first_end_at, CASE WHEN d.returned_seq < coalesce(d.result_seq, 2147483647) THEN d.returned_at END) AS end_at,
        d.requests, d.resumptions, d.apologized_at, v.time_limit_value AS limit_value, v.time_limit_unit AS limit_unit,
        s.received_s, floor((s.received_s + 25200)::float8 / 86400)::int AS received_n,
        o.n, o.s1, o.s2, o.s3, o.s4, o.e1, o.e2, o.e3, o.e4, o.c1, o.c2, o.c3, o.c4, o.per_day, o.closing
    FROM dossier_log d
    CROSS JOIN LATERAL (SELECT (d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
        floor(date_part('epoch', d.received_at))::bigint AS received_s) s
    JOIN version v ON v.agency_code = d.agency AND v.code = d.procedure
        AND v.valid_from <= s.day AND (v.valid_until IS NULL OR s.day < v.valid_until)
    JOIN office o ON o.agency = d.agency
    WHERE d.received_at IS NOT NULL
), moment AS (
    -- Every moment whose counter C is needed, with its sign: −C(request), +C(supplement received), +C(end) for a
    -- request still open at the end (all: 'pause'); C(receipt) for a working_hours limit ('hours').
    SELECT d.dossier_id, d.n, d.s1, d.s2, d.s3, d.s4, d.e1, d.e2, d.e3, d.e4, d.agency, d.per_day,
        'pause' AS kind, CASE WHEN e.type = 'supplement_requested' THEN -1 ELSE 1 END AS sign,
        floor(date_part('epoch', e.at))::bigint AS s
    FROM case_event e JOIN ended d ON d.dossier_id = e.dossier_id
    WHERE e.type IN ('supplement_requested', 'supplement_received') AND d.requests > 0
    UNION ALL
    SELECT d.dossier_id, d.n, d.s1, d.s2, d.s3, d.s4, d.e1, d.e2, d.e3, d.e4, d.agency, d.per_day,
        'pause', 1, floor(date_part('epoch', d.end_at))::bigint
    FROM ended d WHERE d.requests > d.resumptions
    UNION ALL
    SELECT d.dossier_id, d.n, d.s1, d.s2, d.s3, d.s4, d.e1, d.e2, d.e3, d.e4, d.agency, d.per_day,
        'hours', 1, d.received_s
    FROM ended d WHERE d.due_given IS NULL AND d.limit_unit = 'working_hours' AND d.limit_value > 0
), moment_day AS (
    -- Each step below is fenced (OFFSET 0) so that its columns are computed once per row, not copied into every
    -- expression that uses them.
    SELECT m.*, (m.s + 25200) - t.n::bigint * 86400 AS sod, (SELECT day_code FROM calendar)[t.n + 25568] AS code
    FROM moment m
    CROSS JOIN LATERAL (SELECT floor((m.s + 25200)::float8 / 86400)::int AS n) t
    OFFSET 0
), moment_counter AS (
    SELECT m.dossier_id, m.kind, m.sign, (m.code / 2 - m.code % 2)::bigint * m.per_day + CASE WHEN m.code % 2 = 0 THEN 0
        WHEN m.n <= 4 THEN greatest(0, least(m.sod, m.e1) - m.s1) + greatest(0, least(m.sod, m.e2) - m.s2)
                         + greatest(0, least(m.sod, m.e3) - m.s3) + greatest(0, least(m.sod, m.e4) - m.s4)
        ELSE (SELECT sum(greatest(0, least(m.sod, z.e) - z.s)) FROM office o CROSS JOIN LATERAL unnest(o.starts, o.ends) AS z (s, e)
              WHERE o.agency = m.agency)::bigint END AS value
    FROM moment_day m
    OFFSET 0
), counter AS (
    SELECT dossier_id,
        -- NULL (a moment outside the calendar) rather than a sum without it; the final guard then fails.
        CASE WHEN bool_and(value IS NOT NULL) THEN coalesce(sum(sign * value) FILTER (WHERE kind = 'pause'), 0)::bigint END AS paused,
        CASE WHEN bool_and(value IS NOT NULL) THEN (sum(value) FILTER (WHERE kind = 'hours'))::bigint END AS received_counter
    FROM moment_counter
    GROUP BY dossier_id
), base AS (
    SELECT d.dossier_id, d.agency, d.procedure, d.end_at, d.requests, d.apologized_at, d.received_at, d.due_given,
        d.limit_value, d.limit_unit, d.n, d.s1, d.s2, d.s3, d.s4, d.e1, d.e2, d.e3, d.e4, d.c1, d.c2, d.c3, d.c4,
        d.per_day, d.closing, CASE WHEN p.dossier_id IS NULL THEN 0 ELSE p.paused END AS paused,
        p.received_counter + d.limit_value * 3600::bigint AS hours_target,
        (SELECT day_code FROM calendar)[d.received_n + 25568] AS receipt_code,
        d.received_s + 25200 - d.received_n::bigint * 86400 AS received_sod
    FROM ended d
    LEFT JOIN counter p ON p.dossier_id = d.dossier_id
    OFFSET 0
), ranked AS (
    -- The effective receipt day's rank: the receipt day's, plus one unless it is a working day before closing time.
    -- working_hours: C⁻¹(C(receipt) + N hours) is the working day of rank hours_k, hours_r seconds into its office time.
    SELECT b.*, b.receipt_code / 2 + CASE WHEN b.receipt_code % 2 = 1 AND b.received_sod < b.closing THEN 0 ELSE 1 END AS receipt_rank,
        h.k AS hours_k, b.hours_target - (h.k - 1) * b.per_day AS hours_r
    FROM base b
    CROSS JOIN LATERAL (SELECT (b.hours_target + b.per_day - 1) / b.per_day AS k) h
    OFFSET 0
), due AS (
    SELECT r.agency, r.procedure, r.end_at, r.requests, r.apologized_at, r.paused,
        CASE
            WHEN r.due_given IS NOT NULL THEN r.due_given
            WHEN r.limit_unit = 'working_days' THEN
                to_timestamp((SELECT working_day FROM calendar)[r.receipt_rank + r.limit_value]::bigint * 86400 - 25200 + r.closing)
            WHEN r.limit_unit = 'days' THEN    -- E + N days if a working day, else the next working day
                to_timestamp((SELECT working_day FROM calendar)[x.code / 2 + 1 - x.code % 2]::bigint * 86400 - 25200 + r.closing)
            WHEN r.limit_value = 0 THEN r.received_at    -- working_hours 0: adding zero changes nothing
            ELSE to_timestamp((SELECT working_day FROM calendar)[r.hours_k]::bigint * 86400 - 25200 + CASE
                WHEN r.n > 4 THEN (SELECT z.e - (z.c - r.hours_r) FROM office o CROSS JOIN LATERAL unnest(o.ends, o.cums) AS z (e, c)
                                   WHERE o.agency = r.agency AND z.c >= r.hours_r ORDER BY z.c LIMIT 1)
                WHEN r.hours_r <= r.c1 THEN r.e1 - (r.c1 - r.hours_r) WHEN r.hours_r <= r.c2 THEN r.e2 - (r.c2 - r.hours_r)
                WHEN r.hours_r <= r.c3 THEN r.e3 - (r.c3 - r.hours_r) ELSE r.e4 - (r.c4 - r.hours_r) END)
        END AS due
    FROM ranked r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.limit_unit = 'days' THEN (SELECT day_code FROM calendar)[
        (SELECT working_day FROM calendar)[r.receipt_rank] + r.limit_value + 25568] END AS code) x
    OFFSET 0
), due_day AS (
    -- For a paused dossier: C(due), the due moment in whole seconds, plus the paused seconds (target).
    SELECT q.*, o.n, o.s1, o.s2, o.s3, o.s4, o.e1, o.e2, o.e3, o.e4, o.c1, o.c2, o.c3, o.c4, o.starts, o.ends, o.cums,
        o.per_day, (q.s + 25200) - t.n::bigint * 86400 AS sod, (SELECT day_code FROM calendar)[t.n + 25568] AS code
    FROM (SELECT q.*, floor(date_part('epoch', q.due))::bigint AS s FROM due q WHERE q.paused > 0) q
    JOIN office o ON o.agency = q.agency
    CROSS JOIN LATERAL (SELECT floor((q.s + 25200)::float8 / 86400)::int AS n) t
    OFFSET 0
), target AS (
    SELECT q.*, h.k, h.target - (h.k - 1) * q.per_day AS r
    FROM due_day q
    CROSS JOIN LATERAL (SELECT (q.code / 2 - q.code % 2)::bigint * q.per_day + CASE WHEN q.code % 2 = 0 THEN 0
        WHEN q.n <= 4 THEN greatest(0, least(q.sod, q.e1) - q.s1) + greatest(0, least(q.sod, q.e2) - q.s2)
                         + greatest(0, least(q.sod, q.e3) - q.s3) + greatest(0, least(q.sod, q.e4) - q.s4)
        ELSE (SELECT sum(greatest(0, least(q.sod, z.e) - z.s)) FROM unnest(q.starts, q.ends) AS z (s, e))::bigint END
        + q.paused AS target) t
    CROSS JOIN LATERAL (SELECT t.target, (t.target + q.per_day - 1) / q.per_day AS k) h
    OFFSET 0
), effective AS (
    SELECT q.agency, q.procedure, q.end_at, q.requests, q.apologized_at, CASE WHEN q.paused = 0 THEN q.due END AS effective_due
    FROM due q WHERE q.paused = 0 OR q.paused IS NULL
    UNION ALL
    SELECT q.agency, q.procedure, q.end_at, q.requests, q.apologized_at,
        to_timestamp((SELECT working_day FROM calendar)[q.k]::bigint * 86400 - 25200 + CASE
            WHEN q.n > 4 THEN (SELECT z.e - (z.c - q.r) FROM unnest(q.ends, q.cums) AS z (e, c) WHERE z.c >= q.r ORDER BY z.c LIMIT 1)
            WHEN q.r <= q.c1 THEN q.e1 - (q.c1 - q.r) WHEN q.r <= q.c2 THEN q.e2 - (q.c2 - q.r)
            WHEN q.r <= q.c3 THEN q.e3 - (q.c3 - q.r) ELSE q.e4 - (q.c4 - q.r) END)
    FROM target q
), counts AS (
    SELECT agency, procedure, date_trunc('month', end_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
        count(*) AS ended,
        count(*) FILTER (WHERE NOT (end_at > effective_due OR requests > 1)) AS on_time,
        count(*) FILTER (WHERE end_at > effective_due OR requests > 1) AS late,
        count(*) FILTER (WHERE (end_at > effective_due OR requests > 1) AND apologized_at < effective_due) AS late_apologized,
        count(*) FILTER (WHERE effective_due IS NULL) AS unknown_due
    FROM effective
    GROUP BY 1, 2, 3
)
SELECT c.agency AS agency_code, c.procedure AS procedure_code, c.month, r.metric, r.numerator, r.denominator
FROM counts c
CROSS JOIN LATERAL (VALUES
    ('timeliness.ended', c.on_time, c.ended),
    ('timeliness.ended_late', c.late_apologized, c.late)
) AS r (metric, numerator, denominator)
-- A due moment outside 1900–2200 would have no calendar: fail rather than miscount.
WHERE r.denominator > 0 AND (c.unknown_due = 0 OR ('effective due outside the calendar in ' || c.month)::int IS NULL);

CREATE TEMP VIEW agg_month AS
    SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM agg_receipt
    UNION ALL SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM agg_return
    UNION ALL SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM agg_result
    UNION ALL SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM agg_timeliness;

-- Compares the worker's `metric_month` with the PostgreSQL-only computation of metric-aggregates.sql (view
-- `agg_month`), row for row. Runs metric-aggregates.sql first when this session has not run it yet, so both
--   psql -v ON_ERROR_STOP=1 -f metric-aggregates.sql -f compare.sql
--   psql -v ON_ERROR_STOP=1 -f compare.sql
-- work. Prints the row counts, the rows found on one side only (both directions, EXCEPT ALL so that a duplicated
-- key counts too), and ends with one line for scripts:  compare: <metric_month rows> rows, <n> differences

SELECT to_regclass('pg_temp.agg_month') IS NULL AS compare_needs_aggregates \gset
\if :compare_needs_aggregates
\ir metric-aggregates.sql
\endif

SELECT (SELECT count(*) FROM metric_month) AS compare_worker_rows, (SELECT count(*) FROM agg_month) AS compare_sql_rows \gset
\echo metric_month (worker): :compare_worker_rows rows
\echo agg_month (SQL):       :compare_sql_rows rows

DROP TABLE IF EXISTS pg_temp.compare_diff;
CREATE TEMP TABLE compare_diff AS
    (SELECT 'only in metric_month'::text AS side, agency_code, procedure_code, month, metric, numerator, denominator
     FROM (SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM metric_month
           EXCEPT ALL
           SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM agg_month) a)
    UNION ALL
    (SELECT 'only in SQL result', agency_code, procedure_code, month, metric, numerator, denominator
     FROM (SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM agg_month
           EXCEPT ALL
           SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM metric_month) b);

\echo rows only in metric_month:
SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM compare_diff
WHERE side = 'only in metric_month' ORDER BY agency_code, month, procedure_code, metric, numerator, denominator;
\echo rows only in the SQL result:
SELECT agency_code, procedure_code, month, metric, numerator, denominator FROM compare_diff
WHERE side = 'only in SQL result' ORDER BY agency_code, month, procedure_code, metric, numerator, denominator;

-- Years of the result without a stored calendar: there the worker uses its built-in calendar (HolidayRules) and the
-- SQL plain Monday–Friday, so timeliness may differ (metric-aggregates.sql, CAVEAT). Store such years before comparing.
SELECT coalesce(string_agg(y::text, ', ' ORDER BY y), '') AS compare_unstored_years, count(*) > 0 AS compare_has_unstored_years
FROM generate_series((SELECT extract(year FROM min(month))::int FROM agg_month),
                     (SELECT extract(year FROM max(month))::int FROM agg_month)) AS y
WHERE NOT EXISTS (SELECT 1 FROM calendar_day d JOIN calendar_year c ON c.year = extract(year FROM d.day)::int
                  WHERE d.day >= make_date(y, 1, 1) AND d.day < make_date(y + 1, 1, 1)) \gset
\if :compare_has_unstored_years
\echo warning: no stored calendar for :compare_unstored_years (the worker then uses its built-in one; the SQL Monday–Friday)
\endif

SELECT count(*) AS compare_differences FROM compare_diff \gset
\echo compare: :compare_worker_rows rows, :compare_differences differences

-- The metrics projection, quicker to rebuild (docs/metrics.md, "Measured": what the profile of a rebuild showed):
-- * `metric_dossier.facts` is written and read only whole, as text: `json` keeps the text as written, where `jsonb`
--   parsed it into its binary form on every write (a rebuild writes one per dossier);
-- * no foreign key from `metric_dossier` to `dossier`: the worker writes only dossier ids it read from `case_event`,
--   which references `dossier`, and dossiers are never deleted; the check was one lookup per row written.
ALTER TABLE metric_dossier ALTER COLUMN facts TYPE json USING facts::json;
ALTER TABLE metric_dossier DROP CONSTRAINT metric_dossier_dossier_id_fkey;

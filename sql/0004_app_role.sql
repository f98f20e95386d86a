-- The service's own database role: not a superuser, owns nothing, may read and write the data it needs and nothing
-- more. In particular it can only INSERT into and SELECT from the case log: the append-only rule holds by
-- privileges, and by the trigger of 0001 for everybody else. Migrations run as the owner of the schema.
--
-- Creating the role needs CREATEROLE; where the migrating role lacks it (a managed database), a DBA creates
-- `tthc_app` beforehand (see deploy/README.md) and this file only grants.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tthc_app') THEN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            CREATE ROLE tthc_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
        ELSE
            RAISE NOTICE 'role tthc_app does not exist and % cannot create it: grants skipped', current_user;
            RETURN;
        END IF;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO tthc_app', current_database());
    GRANT USAGE ON SCHEMA public TO tthc_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tthc_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tthc_app;
    -- The case log: read and append only.
    REVOKE UPDATE, DELETE, TRUNCATE ON case_event FROM tthc_app;
    -- The schema's history is the owner's.
    REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM tthc_app;
    -- Tables created by later migrations (run by the same owner) get the same rights.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tthc_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tthc_app;
END
$$;

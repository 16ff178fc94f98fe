-- Reference data: how long the audit log keeps its entries (issue 11).
-- audit_log_purge() (sql/migrations/0080_audit_purge.sql), run every hour
-- by each server (src/audit/purge.c), deletes the older ones; it never
-- keeps less than 30 days, whatever the value here.
--
-- Loaded on every start; idempotent, like 0030_parameters.sql (re-running
-- it puts the value below back: change it here, not in the table).
--
-- Source: the CNIL's recommendation on logging (délibération n° 2021-122
-- of 14 October 2021) keeps access and action logs from 6 months to one
-- year; one year here, enough to answer a question about last year's
-- decisions without keeping logins for ever.

SET client_encoding = 'UTF8';

INSERT INTO territory_parameters AS p (code, value, unit, label)
VALUES
    ('audit_retention_days', 365, 'days',
     'Durée de conservation, en jours, des entrées du journal d''audit (au moins 30)')
ON CONFLICT (code) DO UPDATE SET
    value = EXCLUDED.value,
    unit  = EXCLUDED.unit,
    label = EXCLUDED.label
WHERE (p.value, p.unit, p.label)
    IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.unit, EXCLUDED.label);

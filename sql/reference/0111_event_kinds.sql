-- Reference data: kinds of events of the territorial animation
-- (events.kind), served at /v1/reference/event-kinds.
--
-- Loaded on every start; idempotent (upsert on the code, nothing deleted).
-- Codes never change once published.

SET client_encoding = 'UTF8';

INSERT INTO event_kinds AS k (code, label, position)
VALUES
    ('awareness-buyers',    'Sensibilisation des acheteurs',             1),
    ('awareness-companies', 'Sensibilisation des entreprises',           2),
    ('workshop',            'Atelier',                                   3),
    ('inter-company',       'Rencontre inter-entreprises',               4),
    ('training',            'Formation',                                 5),
    ('network-meeting',     'Rencontre du réseau ESS',                   6),
    ('other',               'Autre action d''animation',                 7)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (k.label, k.position) IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

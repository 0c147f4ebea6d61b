-- A fresh install has one default site; machines belong to it unless told otherwise.
INSERT INTO "sites" ("id", "name", "time_zone", "country")
VALUES ('5e000000-0000-0000-0000-000000000001', 'Main plant', 'Europe/Berlin', 'DE')
ON CONFLICT ("id") DO NOTHING;

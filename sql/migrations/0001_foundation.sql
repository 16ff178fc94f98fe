-- Foundation: the application's role and the reference tables every later
-- domain points at. Migrations run as the schema owner; the server connects
-- as asr_app, which gets data rights only (never DDL), table by table.

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'asr_app') THEN
		CREATE ROLE asr_app LOGIN;
	END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO asr_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
	GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO asr_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
	GRANT USAGE, SELECT ON SEQUENCES TO asr_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
	GRANT EXECUTE ON FUNCTIONS TO asr_app;

-- The 17 communes of Mayotte (département 976): INSEE code and the postal
-- code, which looks alike but differs.
CREATE TABLE communes (
	code		char(5) PRIMARY KEY
			CHECK (code ~ '^976(0[1-9]|1[0-7])$'),
	label		text NOT NULL CHECK (label <> ''),
	postal_code	char(5) NOT NULL CHECK (postal_code ~ '^976[0-9]{2}$'),
	latitude	numeric(8,5) NOT NULL CHECK (latitude BETWEEN -13.1 AND -12.5),
	longitude	numeric(8,5) NOT NULL CHECK (longitude BETWEEN 44.9 AND 45.4)
);

-- Two-level taxonomy of what suppliers sell. Codes never change once
-- published: reference loads upsert and never delete.
CREATE TABLE sector_groups (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	position	integer NOT NULL
);

CREATE TABLE sectors (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	group_code	text NOT NULL REFERENCES sector_groups (code),
	label		text NOT NULL CHECK (label <> ''),
	position	integer NOT NULL
);
CREATE INDEX sectors_group_code_idx ON sectors (group_code);

-- Parameters of the territory (default hourly cost of insertion hours, ...).
CREATE TABLE territory_parameters (
	code		text PRIMARY KEY,
	value		numeric NOT NULL,
	unit		text NOT NULL,
	label		text NOT NULL
);

-- Reference data is the owner's to change; the application only reads it.
REVOKE INSERT, UPDATE, DELETE ON communes, sector_groups, sectors,
	territory_parameters FROM asr_app;

-- Outcomes (issue 8): what became of a person at the end of an insertion
-- action and at the checkpoints after it, in the national categories
-- (outcome_categories). Written by the people endpoints, read by the
-- reports. The checkpoint is 'end' or the months after the action's end
-- ('m6' for six months, the programme's default).
--
-- The free-text situation is about a person: it is sealed like the
-- identity (under "outcome:<id>:situation") and erased with it.

ALTER TABLE insertion_actions ADD CONSTRAINT insertion_actions_beneficiary_fk
	FOREIGN KEY (beneficiary_id) REFERENCES beneficiaries (id);
CREATE INDEX insertion_actions_beneficiary_idx
	ON insertion_actions (beneficiary_id) WHERE beneficiary_id IS NOT NULL;

CREATE TABLE outcomes (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	beneficiary_id	uuid NOT NULL REFERENCES beneficiaries (id)
			    ON DELETE CASCADE,
	action_id	uuid NOT NULL REFERENCES insertion_actions (id)
			    ON DELETE CASCADE,
	checkpoint	text NOT NULL CHECK (checkpoint ~ '^(end|m[1-9][0-9]?)$'),
	category	text NOT NULL REFERENCES outcome_categories (code),
	situation	bytea CHECK (length(situation) <= 8192),
	situation_key	text CHECK ((situation IS NULL) = (situation_key IS NULL)),
	recorded_at	date NOT NULL,
	recorded_by	uuid REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	UNIQUE (action_id, checkpoint)
);
CREATE INDEX outcomes_beneficiary_idx ON outcomes (beneficiary_id);
CREATE INDEX outcomes_category_idx ON outcomes (checkpoint, category);

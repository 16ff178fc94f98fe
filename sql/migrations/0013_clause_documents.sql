-- Supporting documents of actions, hours entries and visits (the table is
-- in 0010): whoever may read the object downloads them; whoever may
-- declare hours on the action attaches them to the action or its hours;
-- staff to visits. SHA-256 and size are computed here, from the bytes.

CREATE FUNCTION document_json(d clause_documents) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', d.id, 'action_id', d.action_id,
	    'hours_id', d.hours_id, 'visit_id', d.visit_id, 'kind', d.kind,
	    'filename', d.filename, 'content_type', d.content_type,
	    'size', d.size, 'sha256', encode(d.sha256, 'hex'),
	    'created_by', d.created_by, 'created_at', asr_time(d.created_at))
$$;

-- The action a parent hangs from (NULL for a visit or an unknown id).
CREATE FUNCTION document_action(p_kind text, p_id uuid)
RETURNS insertion_actions
LANGUAGE sql STABLE AS $$
	SELECT x.* FROM insertion_actions x WHERE p_kind = 'action'
	    AND x.id = p_id
	UNION ALL
	SELECT x.* FROM hours_entries h JOIN insertion_actions x
	    ON x.id = h.action_id WHERE p_kind = 'hours' AND h.id = p_id
$$;

-- 'ok', 'not_found' or 'forbidden' for reading (write false) or attaching.
CREATE FUNCTION document_parent_access(p_kind text, p_id uuid, own uuid,
    write boolean) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	x insertion_actions;
BEGIN
	IF p_kind = 'visit' THEN
		IF own IS NULL AND EXISTS (SELECT 1 FROM visits v
		    WHERE v.id = p_id) THEN
			RETURN 'ok';
		END IF;
		RETURN 'not_found';
	END IF;
	x := document_action(p_kind, p_id);
	IF x.id IS NULL OR NOT action_reach(x, own) THEN
		RETURN 'not_found';
	END IF;
	IF write AND NOT action_declarer(x, own) THEN
		RETURN 'forbidden';
	END IF;
	RETURN 'ok';
END
$$;

CREATE FUNCTION document_reach(d clause_documents, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT document_parent_access(CASE WHEN d.action_id IS NOT NULL
	    THEN 'action' WHEN d.hours_id IS NOT NULL THEN 'hours'
	    ELSE 'visit' END, coalesce(d.action_id, d.hours_id, d.visit_id),
	    own, false) = 'ok'
$$;

CREATE FUNCTION document_create(p_kind text, p_parent uuid, p_doc_kind text,
    p_filename text, p_type text, p_content bytea, actor uuid, own uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	d clause_documents;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	status := document_parent_access(p_kind, p_parent, own, true);
	IF status <> 'ok' THEN
		RETURN;
	END IF;
	INSERT INTO clause_documents (action_id, hours_id, visit_id, kind,
	    filename, content_type, size, sha256, content, created_by,
	    created_at)
	VALUES (CASE WHEN p_kind = 'action' THEN p_parent END,
	    CASE WHEN p_kind = 'hours' THEN p_parent END,
	    CASE WHEN p_kind = 'visit' THEN p_parent END, p_doc_kind,
	    p_filename, p_type, length(p_content), sha256(p_content),
	    p_content, actor, at)
	RETURNING * INTO d;
	body := document_json(d)::text;
	id := d.id;
	version := 1;
END
$$;

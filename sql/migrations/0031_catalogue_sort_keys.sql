-- The alphabetical sort keys of the catalogue, folded once when a name or
-- title is written instead of on every search: asr_fold() (unaccent) costs
-- tens of microseconds a call, and sorting 10,000 suppliers by name spent
-- most of its time folding names.

ALTER TABLE organisations ADD COLUMN name_folded text;
ALTER TABLE offers ADD COLUMN title_folded text;

CREATE FUNCTION organisations_fold_name() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.name_folded := asr_fold(NEW.name);
	RETURN NEW;
END
$$;

CREATE TRIGGER organisations_fold BEFORE INSERT OR UPDATE OF name
	ON organisations FOR EACH ROW
	EXECUTE FUNCTION organisations_fold_name();

CREATE FUNCTION offers_fold_title() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.title_folded := asr_fold(NEW.title);
	RETURN NEW;
END
$$;

CREATE TRIGGER offers_fold BEFORE INSERT OR UPDATE OF title
	ON offers FOR EACH ROW EXECUTE FUNCTION offers_fold_title();

-- Existing rows, without rebuilding their search documents.
ALTER TABLE organisations DISABLE TRIGGER organisations_search;
ALTER TABLE offers DISABLE TRIGGER offers_search;
ALTER TABLE offers DISABLE TRIGGER offers_touch;
UPDATE organisations SET name = name;
UPDATE offers SET title = title;
ALTER TABLE organisations ENABLE TRIGGER organisations_search;
ALTER TABLE offers ENABLE TRIGGER offers_search;
ALTER TABLE offers ENABLE TRIGGER offers_touch;

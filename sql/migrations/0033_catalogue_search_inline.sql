-- The search document stays in its organisation's row. A supplier with a
-- few offers has a row of about 2 kB, at the threshold where PostgreSQL
-- moves the widest value out to the TOAST table, and that value was the
-- full-text document: then ranking a match (ts_rank_cd reads the whole
-- document) cost a TOAST index lookup and a copy per match, a fifth to a
-- quarter of a search's time. STORAGE MAIN keeps the document in the row
-- and lets the other wide values (the folded text of the typo search, the
-- description) move out first; it is compressed or moved out only when the
-- row cannot fit otherwise.
--
-- Storage applies to values written from now on: the existing documents
-- are written again, unchanged (text and back is exact), with the
-- triggers off, as this is no change of content (no new search document,
-- no entry in the change feed).

ALTER TABLE organisations ALTER COLUMN search SET STORAGE MAIN;

ALTER TABLE organisations DISABLE TRIGGER USER;
UPDATE organisations SET search = search::text::tsvector
WHERE search IS NOT NULL;
ALTER TABLE organisations ENABLE TRIGGER USER;

-- Client database, version 8: a record's field stamps live in its own row.
-- record_clocks kept them in a second table keyed by (entity, entity_id), so every record written
-- (a pulled page of 10,000 people, an import) made two B-tree inserts and every read two look-ups;
-- the pull's apply spent a third of its SQLite time on that table. The column holds the same JSON
-- object {"name": "<hlc>", …, "*": "<hlc>"}; NULL: no stamp known (never written by this version).
ALTER TABLE volunteers ADD COLUMN clocks TEXT;
ALTER TABLE teams ADD COLUMN clocks TEXT;
ALTER TABLE memberships ADD COLUMN clocks TEXT;

UPDATE volunteers SET clocks = (
    SELECT c.clocks FROM record_clocks c WHERE c.entity = 'volunteer' AND c.entity_id = volunteers.id);
UPDATE teams SET clocks = (
    SELECT c.clocks FROM record_clocks c WHERE c.entity = 'team' AND c.entity_id = teams.id);
UPDATE memberships SET clocks = (
    SELECT c.clocks FROM record_clocks c
    WHERE c.entity = 'membership' AND c.entity_id = memberships.team_id || '/' || memberships.volunteer_id);

-- Stamps without a row (a folded person's memberships moved to the surviving person and left
-- theirs behind) were never read: a record without a row loaded as absent. They go with the table.
DROP TABLE record_clocks;

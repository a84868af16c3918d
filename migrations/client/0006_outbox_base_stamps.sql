-- Client database, version 6: what each edit overwrote. For every field a change sets, the stamp
-- of the value the device held before it ({"field": "<hlc>"}; NULL for a record created whole).
-- The server logs an overwritten value as a conflict only when the writer had not seen it, so a
-- coordinator's conflict log lists concurrent edits, not every ordinary correction.
ALTER TABLE outbox ADD COLUMN base TEXT;

-- Client database, version 4: one outbox row per change instead of one per field.
-- An imported person wrote 16 outbox rows and 16 field clocks; with the change's fields in one JSON
-- object (each field still carries the change's HLC stamp and device) an import of 10,000 people
-- writes 30,000 rows instead of 330,000. Field clocks become one JSON object per record.

CREATE TABLE outbox_v4 (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,   -- volunteer | team | membership
    entity_id  TEXT NOT NULL,
    fields     TEXT NOT NULL,   -- JSON object: changed field (CLI.md key, or "deleted") -> new value
    hlc        TEXT NOT NULL,   -- the change's HlcTimestamp::toString(), the stamp of every field in it
    device     TEXT NOT NULL,
    change_set TEXT,            -- the sealed change set carrying it (NULL: not sealed yet)
    acked_at   TEXT             -- when the server acknowledged it (NULL: pending)
);

-- Rows of one change shared entity, id and stamp; keep their original order.
INSERT INTO outbox_v4 (entity, entity_id, fields, hlc, device, change_set, acked_at)
SELECT entity, entity_id, json_group_object(field, json(value)), hlc, device, change_set, acked_at
FROM outbox
GROUP BY entity, entity_id, hlc
ORDER BY MIN(seq);

-- Rejections point at outbox rows; none can exist before the first sync, which needs version 4.
DELETE FROM rejected_changes;

DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;

-- The stamp of the value each field currently holds, per record: {"name": "<hlc>", …}; the key "*"
-- stands for every field without a key of its own (a record created whole has only "*").
CREATE TABLE record_clocks (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    clocks    TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;

INSERT INTO record_clocks (entity, entity_id, clocks)
SELECT entity, entity_id, json_group_object(field, hlc) FROM field_clocks GROUP BY entity, entity_id;

DROP TABLE field_clocks;

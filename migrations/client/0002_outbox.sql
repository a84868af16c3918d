-- Client database, version 2: the outbox the sync engine reads, and per-field clocks for merging.

-- One row per changed field, written in the same transaction as the change itself.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,   -- volunteer | team | membership
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,   -- a JSON key of CLI.md, or "deleted"
    value      TEXT,            -- JSON text of the new value
    hlc        TEXT NOT NULL,   -- HlcTimestamp::toString(), orders lexically
    device     TEXT NOT NULL,
    change_set TEXT,            -- the sealed change set carrying it (NULL: not sealed yet)
    acked_at   TEXT             -- when the server acknowledged it (NULL: pending)
);

CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;

-- The stamp of the value each field currently holds; merge keeps the greatest (HLC, device).
CREATE TABLE field_clocks (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
) WITHOUT ROWID;

-- Changes the server refused, with its reason, until someone fixes them.
CREATE TABLE rejected_changes (
    outbox_seq INTEGER PRIMARY KEY,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);

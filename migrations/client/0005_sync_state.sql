-- Client database, version 5: sealed change sets waiting for the server's reply, and rejections
-- that name their record, so `kjzy status` can say what to fix without the outbox row.

-- A change set is sealed once and sent as the same bytes until the server answers: a retry after
-- a lost reply is then recognised by the server as a duplicate and never applied twice.
CREATE TABLE change_sets (
    id         TEXT PRIMARY KEY,
    sequence   INTEGER NOT NULL UNIQUE, -- per device, strictly increasing
    sealed     BLOB NOT NULL,           -- SealedEnvelope::toBytes()
    changes    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    acked_at   TEXT                     -- NULL: no reply yet
) WITHOUT ROWID;

CREATE INDEX outbox_change_set ON outbox(change_set) WHERE change_set IS NOT NULL;

DROP TABLE rejected_changes;
CREATE TABLE rejected_changes (
    outbox_seq INTEGER PRIMARY KEY,
    change_set TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);

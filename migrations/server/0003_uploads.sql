-- Server database, version 3: resumable pushes. A sealed change set may arrive in chunks over a
-- link that drops every few seconds; each acknowledged chunk is kept here, one transaction per
-- chunk, so neither a cut nor a killed server makes the device start again from zero. The bytes
-- are the opaque envelope: only the first chunk's header and signature were checked, the whole is
-- checked again by the normal ingest once it is complete, and then the rows are deleted.
CREATE TABLE uploads (
    device      TEXT NOT NULL,
    change_set  TEXT NOT NULL,
    total       INTEGER NOT NULL,            -- declared envelope size in bytes
    held        INTEGER NOT NULL DEFAULT 0,  -- bytes received so far, contiguous from offset 0
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,               -- uploads untouched for days are collected
    PRIMARY KEY (device, change_set)
) WITHOUT ROWID;

CREATE INDEX uploads_updated ON uploads(updated_at);

CREATE TABLE upload_chunks (
    device     TEXT NOT NULL,
    change_set TEXT NOT NULL,
    offset     INTEGER NOT NULL,
    bytes      BLOB NOT NULL,
    PRIMARY KEY (device, change_set, offset)
) WITHOUT ROWID;

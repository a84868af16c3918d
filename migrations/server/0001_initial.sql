-- Server database, version 1: enrolled devices, one-time enrollment codes, the provincial registry
-- with per-field clocks, the log of accepted change sets, the conflict log and the audit log.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A device enrolled with a one-time code. Its public keys are pinned at enrollment.
CREATE TABLE devices (
    id                  TEXT PRIMARY KEY,
    scope               TEXT NOT NULL,          -- region code: 410000, a city or a county
    role                TEXT NOT NULL,          -- county | city | province
    label               TEXT NOT NULL DEFAULT '',
    sign_key            BLOB NOT NULL,          -- Ed25519 public key (32 bytes)
    box_key             BLOB NOT NULL,          -- X25519 public key (32 bytes)
    key_epoch           INTEGER NOT NULL DEFAULT 1,
    enrolled_at         TEXT NOT NULL,
    last_sequence       INTEGER NOT NULL DEFAULT 0, -- highest change-set sequence accepted
    revoked_at          TEXT,                   -- NULL: active
    revoked_after       INTEGER                 -- last_sequence when revoked: nothing above it is taken
) WITHOUT ROWID;

-- A code is "SELECTOR-VERIFIER": the selector finds the row, only a keyed hash of the verifier is
-- stored. Wrong verifiers count against the row and lock it.
CREATE TABLE enrollment_codes (
    selector        TEXT PRIMARY KEY,
    verifier_hash   BLOB NOT NULL,
    scope           TEXT NOT NULL,
    role            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    used_at         TEXT,
    used_by         TEXT                     -- the device id it enrolled
) WITHOUT ROWID;

-- The registry: one row per volunteer, team or membership. `data` is the record as CLI.md JSON
-- (full values), `clocks` the stamp of each field ({"*": stamp, "field": stamp}), `seq` the global
-- sequence number of the last change, which orders the pull. `region` is the most specific region
-- code (a membership takes its volunteer's), `previous_region` the one before the last move, so a
-- device whose scope a record left still learns that it left.
CREATE TABLE records (
    entity          TEXT NOT NULL,           -- volunteer | team | membership
    id              TEXT NOT NULL,
    data            TEXT NOT NULL,
    clocks          TEXT NOT NULL,
    region          TEXT NOT NULL,
    previous_region TEXT NOT NULL DEFAULT '',
    identity        BLOB,                    -- volunteers: keyed BLAKE2b blind index of the ID number
    deleted         INTEGER NOT NULL DEFAULT 0,
    seq             INTEGER NOT NULL,
    PRIMARY KEY (entity, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX records_seq ON records(seq);
-- One ID number is one person: at most one live volunteer per blind index.
CREATE UNIQUE INDEX records_identity ON records(identity) WHERE identity IS NOT NULL AND deleted = 0;
CREATE INDEX records_region ON records(entity, region) WHERE deleted = 0;

-- A volunteer id created offline for a person the registry already held, and the id that survived.
CREATE TABLE aliases (
    from_id TEXT PRIMARY KEY,
    to_id   TEXT NOT NULL,
    region  TEXT NOT NULL,
    seq     INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

-- Every accepted change set, once: a duplicate is answered with the stored reply.
CREATE TABLE change_sets (
    id          TEXT PRIMARY KEY,
    device      TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    changes     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    reply       BLOB NOT NULL,               -- the reply's plaintext (sealed afresh when re-sent)
    UNIQUE (device, sequence)
) WITHOUT ROWID;

-- Every value a merge overwrote or refused, so a coordinator can review and restore it.
CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept        TEXT NOT NULL,               -- JSON value
    lost        TEXT NOT NULL,               -- JSON value
    kept_stamp  TEXT NOT NULL,
    lost_stamp  TEXT NOT NULL,
    kept_device TEXT NOT NULL,
    lost_device TEXT NOT NULL,
    at          TEXT NOT NULL,
    change_set  TEXT NOT NULL DEFAULT ''
);

-- Stamps too far ahead of the server's clock, and what they were clamped to.
CREATE TABLE clock_clamps (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    device     TEXT NOT NULL,
    change_set TEXT NOT NULL,
    original   TEXT NOT NULL,
    clamped    TEXT NOT NULL,
    at         TEXT NOT NULL
);

-- Who read or exported personal data in full, and when (PIPL).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    row_count INTEGER NOT NULL DEFAULT 0
);

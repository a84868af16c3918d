-- Client database, version 3: who read or exported personal data in full, and when (PIPL).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,    -- ISO 8601, UTC
    actor     TEXT NOT NULL,    -- operating-system user
    action    TEXT NOT NULL,    -- reveal | export | …
    entity    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT '',
    row_count INTEGER NOT NULL DEFAULT 0
);

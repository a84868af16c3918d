-- Client database, version 1: this device's settings and the registry records it holds.
-- Multi-valued fields are stored joined with '、' (the forms' own separator); codes are text.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE volunteers (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    mobile             TEXT NOT NULL,
    gender             TEXT NOT NULL,
    id_number          TEXT NOT NULL,
    political_status   TEXT NOT NULL DEFAULT '',
    ethnicity          TEXT NOT NULL DEFAULT '',
    employer           TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL DEFAULT '',
    education          TEXT NOT NULL DEFAULT '',
    occupation         TEXT NOT NULL DEFAULT '',
    province           TEXT NOT NULL,
    city               TEXT NOT NULL,
    county             TEXT NOT NULL,
    service_categories TEXT NOT NULL DEFAULT '',
    service_fields     TEXT NOT NULL DEFAULT '',
    three_heads        INTEGER NOT NULL DEFAULT 0,
    deleted            INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) WITHOUT ROWID;

-- One ID number is one person: at most one live record per number.
CREATE UNIQUE INDEX volunteers_live_id_number ON volunteers(id_number) WHERE deleted = 0;
CREATE INDEX volunteers_region ON volunteers(county, city) WHERE deleted = 0;

CREATE TABLE teams (
    id                       TEXT PRIMARY KEY,
    name                     TEXT NOT NULL,
    category                 TEXT NOT NULL DEFAULT '',
    parent                   TEXT NOT NULL DEFAULT '',
    admin_mobile             TEXT NOT NULL DEFAULT '',
    civil_affairs_registered INTEGER,          -- NULL: not stated
    supervisor_type          TEXT NOT NULL DEFAULT '',
    supervisor               TEXT NOT NULL DEFAULT '',
    founded                  TEXT NOT NULL DEFAULT '',
    service_categories       TEXT NOT NULL DEFAULT '',
    province                 TEXT NOT NULL,
    city                     TEXT NOT NULL DEFAULT '',
    county                   TEXT NOT NULL DEFAULT '',
    deleted                  INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
) WITHOUT ROWID;

CREATE UNIQUE INDEX teams_live_name ON teams(name) WHERE deleted = 0;

-- No foreign keys: a pull may bring a membership before the team or person it names.
CREATE TABLE memberships (
    team_id      TEXT NOT NULL,
    volunteer_id TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, volunteer_id)
) WITHOUT ROWID;

CREATE INDEX memberships_volunteer ON memberships(volunteer_id) WHERE deleted = 0;

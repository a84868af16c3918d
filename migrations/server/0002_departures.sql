-- Server database, version 2: departures. When a record moves to another region, the region it
-- left gets a departure in its log: the devices there drop their copy. This replaces sending the
-- moved record itself to its previous region, which reached only the last region left (a record
-- moved twice before a device pulled stayed there, stale) and kept sending every later edit, full
-- personal values included, to a region no longer responsible for it.
CREATE TABLE departures (
    seq    INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    id     TEXT NOT NULL,
    region TEXT NOT NULL  -- the region the record left
);

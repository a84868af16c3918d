-- Client database, version 7: a team name is unique in the registry, and the server decides.
-- TeamStore still refuses a second live team with the same name when a user adds or renames one
-- here; but a pulled team must never be refused by an index because this device holds an unsent
-- team of the same name (the server will refuse that one, and the pull would otherwise stall).
DROP INDEX teams_live_name;
CREATE INDEX teams_live_name ON teams(name) WHERE deleted = 0;

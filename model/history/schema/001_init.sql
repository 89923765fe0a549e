-- Portolan listener history, schema version 1.
-- Times are Unix seconds (UTC). A port of -1 is "an ephemeral port".
-- Small codes keep the event rows short (1.3 million in 90 days on a busy
-- machine): severity 0 none, 1 notice, 2 alert; kind 0 new, 1 gone,
-- 2 changed.

-- Settings and state: last_poll (the last recorded poll), last_event (the
-- last event id given: ids are never reused), baseline_made (when the first approval was made), approvals_rev (bumped
-- by each approval change), notice (the last message for the user).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value
) WITHOUT ROWID;

-- A listener identity: the program, its user and where it listens.
-- last_seen is the last poll that saw it while it was present; last_event
-- is when its newest event happened (retention drops an identity only once
-- every event of it is gone).
CREATE TABLE identities (
	id         INTEGER PRIMARY KEY,
	port       INTEGER NOT NULL,
	protocol   TEXT NOT NULL,
	address    TEXT NOT NULL,
	exe        TEXT NOT NULL,
	process    TEXT NOT NULL,
	user       TEXT NOT NULL,
	scope      TEXT NOT NULL,
	family     TEXT NOT NULL,
	first_seen INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	times_seen INTEGER NOT NULL,
	last_event INTEGER NOT NULL,
	UNIQUE (port, protocol, address, exe, process, user, scope)
);

-- The listeners present at the last recorded poll: an identity on one
-- actual port. An identity is present when it has a row here.
CREATE TABLE present (
	identity INTEGER NOT NULL,
	port     INTEGER NOT NULL,
	pid      INTEGER NOT NULL,
	severity INTEGER NOT NULL,
	PRIMARY KEY (identity, port)
) WITHOUT ROWID;

-- Every event, in the order recorded (id), which is also the order of
-- time: a poll older than the last recorded one is refused. Ids come from
-- meta.last_event, never reused after pruning (hours.first_event relies
-- on it).
CREATE TABLE events (
	id       INTEGER PRIMARY KEY,
	time     INTEGER NOT NULL,
	identity INTEGER NOT NULL,
	port     INTEGER NOT NULL,
	kind     INTEGER NOT NULL,
	pid      INTEGER NOT NULL,
	severity INTEGER NOT NULL
);
-- One port's history (the index is ordered by id, so by time, per port).
CREATE INDEX events_by_port ON events (port);

-- The newest events, not yet in events: a poll appends here (a page or
-- two), and every few minutes, or every 4096 events, they move to events
-- in one go, so the port index is written once per batch rather than a
-- page per changed port at every poll. Queries read both; recent is small
-- enough to be read whole.
CREATE TABLE recent (
	id       INTEGER PRIMARY KEY,
	time     INTEGER NOT NULL,
	identity INTEGER NOT NULL,
	port     INTEGER NOT NULL,
	kind     INTEGER NOT NULL,
	pid      INTEGER NOT NULL,
	severity INTEGER NOT NULL
);

-- One row per hour with a recorded poll (hour = Unix seconds / 3600):
-- first_event is the first event id of that hour or later (finding "events
-- since" without an index on time), the most listeners and alert listeners
-- present at once, and the hour's event counts.
CREATE TABLE hours (
	hour         INTEGER PRIMARY KEY,
	first_event  INTEGER NOT NULL,
	polls        INTEGER NOT NULL,
	listeners    INTEGER NOT NULL,
	alerts       INTEGER NOT NULL,
	events       INTEGER NOT NULL,
	alert_events INTEGER NOT NULL
);

-- Approved listeners (the baseline). A listener is approved by an entry
-- with its executable, protocol, scope and port (-1: any ephemeral port).
-- An entry with no executable (one made without the rights to see it, or
-- one from baseline.json without "exe") matches the old way: protocol,
-- address, port and process name (any process when empty). address,
-- process and user record where it was approved; origin is
-- "baseline.json" for imported entries.
CREATE TABLE approvals (
	exe      TEXT NOT NULL,
	protocol TEXT NOT NULL,
	scope    TEXT NOT NULL,
	port     INTEGER NOT NULL,
	address  TEXT NOT NULL,
	process  TEXT NOT NULL,
	user     TEXT NOT NULL,
	approved INTEGER NOT NULL,
	origin   TEXT NOT NULL,
	PRIMARY KEY (exe, protocol, scope, port, address, process)
) WITHOUT ROWID;

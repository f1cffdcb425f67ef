-- Version 1: the inbox, work items, the outbox, cross-references, delta cursors and the audit trail.
CREATE TABLE inbox (
  id                INTEGER PRIMARY KEY,
  dedupe_scope      TEXT    NOT NULL,  -- the domain, or the system before routing
  dedupe_key        TEXT    NOT NULL,  -- the domain's idempotency key
  system            TEXT    NOT NULL,
  topic             TEXT    NOT NULL,
  record            TEXT    NOT NULL,
  source_id         TEXT    NOT NULL,
  payload           TEXT    NOT NULL,
  correlation_id    TEXT    NOT NULL,
  received_at       INTEGER NOT NULL,
  duplicates        INTEGER NOT NULL DEFAULT 0,  -- later copies: counted here, never stored
  last_duplicate_at INTEGER,
  UNIQUE (dedupe_scope, dedupe_key)
);

CREATE TABLE work (
  id          INTEGER PRIMARY KEY,  -- arrival order: per-key FIFO follows it
  event_id    INTEGER NOT NULL REFERENCES inbox(id),
  domain      TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  priority    INTEGER NOT NULL DEFAULT 0,
  full_state  INTEGER NOT NULL DEFAULT 0,
  state       TEXT    NOT NULL CHECK (state IN ('pending', 'running', 'waiting', 'done', 'dead')),
  attempt     INTEGER NOT NULL DEFAULT 0,
  generation  INTEGER NOT NULL DEFAULT 0,
  owner       TEXT,
  lease_until INTEGER,
  not_before  INTEGER,
  last_error  TEXT,
  outcome     TEXT,
  created_at  INTEGER NOT NULL,
  finished_at INTEGER
);
-- Claiming scans unfinished items in (priority, arrival) order and checks each key's head.
CREATE INDEX work_unfinished ON work (priority, id) WHERE state IN ('pending', 'running', 'waiting');
CREATE INDEX work_unfinished_key ON work (domain, key, id) WHERE state IN ('pending', 'running', 'waiting');
CREATE INDEX work_event ON work (event_id);
CREATE INDEX work_domain_finished ON work (domain, finished_at) WHERE state = 'done';

CREATE TABLE outbox (
  id        INTEGER PRIMARY KEY,
  work_id   INTEGER NOT NULL REFERENCES work(id),
  attempt   INTEGER NOT NULL,
  system    TEXT    NOT NULL,
  at        INTEGER NOT NULL,
  outcome   TEXT    NOT NULL,
  message   TEXT    NOT NULL,
  target_id TEXT    NOT NULL
);
CREATE INDEX outbox_work ON outbox (work_id);

CREATE TABLE xref (
  domain        TEXT    NOT NULL,
  key           TEXT    NOT NULL,
  target_system TEXT    NOT NULL,
  target_id     TEXT    NOT NULL,
  work_id       INTEGER REFERENCES work(id),
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (domain, key)
);
CREATE INDEX xref_target ON xref (target_system, target_id);

CREATE TABLE cursor (
  system     TEXT    NOT NULL,
  topic      TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (system, topic)
);

CREATE TABLE audit (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  action          TEXT    NOT NULL,
  work_id         INTEGER,
  event_id        INTEGER,
  domain          TEXT,
  key             TEXT,
  mapping         TEXT,
  mapping_version TEXT,
  correlation_id  TEXT,
  target_id       TEXT,
  actor           TEXT,
  detail          TEXT
);
CREATE INDEX audit_work ON audit (work_id);

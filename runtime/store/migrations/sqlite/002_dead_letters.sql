-- Version 2: the dead-letter queue as its own table (edit, replay, discard), a work item's own payload
-- (a replay of an edited entry), and the last synced state per key. Version 1 files kept dead items
-- only as work rows: each becomes an open dead letter carrying its event's payload.
CREATE TABLE dead_letter (
  id             INTEGER PRIMARY KEY,
  work_id        INTEGER NOT NULL UNIQUE REFERENCES work(id),
  domain         TEXT    NOT NULL,
  key            TEXT    NOT NULL,
  payload        TEXT    NOT NULL,
  edited         INTEGER NOT NULL DEFAULT 0,
  error          TEXT    NOT NULL,
  reason         TEXT    NOT NULL,
  correlation_id TEXT    NOT NULL,
  died_at        INTEGER NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
  resolution     TEXT,
  replayed_as    INTEGER REFERENCES work(id)
);
CREATE INDEX dead_letter_open ON dead_letter (domain, died_at) WHERE status = 'open';

ALTER TABLE work ADD COLUMN payload TEXT;      -- NULL: the event's payload
ALTER TABLE xref ADD COLUMN last_state TEXT;   -- JSON of the state last written

INSERT INTO dead_letter (work_id, domain, key, payload, error, reason, correlation_id, died_at)
SELECT w.id, w.domain, w.key, i.payload, COALESCE(w.last_error, ''), 'migrated from version 1', i.correlation_id,
       COALESCE(w.finished_at, w.created_at)
FROM work w JOIN inbox i ON i.id = w.event_id
WHERE w.state = 'dead';

-- Version 7: the content hash last seen of each polled record (the reconciling poll, docs/runtime.md
-- "Reconciliation"): a record whose canonical content hashes differently changed, even when its
-- modification time was not bumped or its webhook was lost.
CREATE TABLE record_hash (
  system TEXT NOT NULL,
  record TEXT NOT NULL,
  id TEXT NOT NULL,
  hash TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (system, record, id)
) WITHOUT ROWID;

-- Version 6: the document each write sent (what `syncloom replay` compares another mapping version with),
-- and the indexes the replay read and retention pruning use: events by arrival time, a key's items in
-- order (the document last written for a key), and the dead letters and cross-references that hold an item.
ALTER TABLE outbox ADD COLUMN document TEXT;  -- NULL: no write (or recorded before version 6)
CREATE INDEX inbox_received ON inbox (received_at);
CREATE INDEX work_key ON work (domain, key, id);
CREATE INDEX dead_letter_replayed ON dead_letter (replayed_as) WHERE replayed_as IS NOT NULL;
CREATE INDEX xref_work ON xref (work_id);

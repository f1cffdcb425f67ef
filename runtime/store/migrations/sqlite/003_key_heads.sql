-- Version 3: each key's head (its oldest unfinished item) is marked, so that claiming reads only heads
-- that can run, through small partial indexes, instead of scanning every unfinished item and skipping
-- the blocked ones (100,000 items waiting out an ERP outage cost every claim 15-200 ms before this).
ALTER TABLE work ADD COLUMN is_head INTEGER NOT NULL DEFAULT 0;
UPDATE work SET is_head = 1
WHERE id IN (SELECT MIN(id) FROM work WHERE state IN ('pending', 'running', 'waiting') GROUP BY domain, key);
DROP INDEX work_unfinished;
CREATE INDEX work_head_pending ON work (priority, id) WHERE is_head = 1 AND state = 'pending';
CREATE INDEX work_head_waiting ON work (not_before) WHERE is_head = 1 AND state = 'waiting';
CREATE INDEX work_head_running ON work (lease_until) WHERE is_head = 1 AND state = 'running';

-- Version 4: the heads that can run, per domain. While a connector's circuit is open the engine claims only
-- the other domains' work; read through version 3's indexes, such a claim walked every head of the blocked
-- domains before finding none (40,000 orders waiting out an ERP outage: 14 ms per claim, on the writer,
-- so that webhook intake fell to about 1,400/s). Claims for a list of domains read these, one domain at a
-- time, and stop at the limit; claims for every domain keep version 3's.
CREATE INDEX work_head_pending_domain ON work (domain, priority, id) WHERE is_head = 1 AND state = 'pending';
CREATE INDEX work_head_waiting_domain ON work (domain, not_before) WHERE is_head = 1 AND state = 'waiting';
CREATE INDEX work_head_running_domain ON work (domain, lease_until) WHERE is_head = 1 AND state = 'running';

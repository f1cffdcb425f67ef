-- Version 4: the heads that can run, per domain. The engine claims for a list of domains (those of one
-- target system, less any whose connector's circuit is open); read through version 3's indexes, such a claim walked every
-- head of the other domains before finding its own (40,000 orders waiting out an ERP outage: 14 ms per
-- claim, on the writer thread, so that webhook intake fell to about 1,400/s). Claims for a list of domains
-- read these, one domain at a time: pending heads in the order a claim takes them (the read stops at the
-- limit), waiting and running ones from their due time, so that only the due ones are read and sorted.
CREATE INDEX work_head_pending_domain ON work (domain, priority, id) WHERE is_head = 1 AND state = 'pending';
CREATE INDEX work_head_waiting_domain ON work (domain, not_before) WHERE is_head = 1 AND state = 'waiting';
CREATE INDEX work_head_running_domain ON work (domain, lease_until) WHERE is_head = 1 AND state = 'running';

-- Version 2: when a work item first missed a ref() (docs/runtime.md "References"): its wait for the
-- referenced record counts from there across restarts and across workers.
ALTER TABLE work ADD COLUMN ref_wait_since bigint;  -- NULL: not waiting for a reference

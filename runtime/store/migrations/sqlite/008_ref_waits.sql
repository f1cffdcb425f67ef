-- Version 8: when a work item first missed a ref() (docs/runtime.md "References"): its wait for the
-- referenced record counts from there across restarts, instead of starting again in each process.
ALTER TABLE work ADD COLUMN ref_wait_since INTEGER;  -- NULL: not waiting for a reference

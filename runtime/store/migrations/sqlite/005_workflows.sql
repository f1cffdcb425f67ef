-- Version 5: durable workflows. An instance is (workflow, instance_key, sequence); its current step, the
-- records it received (JSON) and one checkpoint per step outcome (JSON) are saved in the transaction of
-- the step that changed them, checked against the lease of the work item running it. Awaited events that
-- came before any instance waited for them wait in workflow_buffer for the next instance of their key.
CREATE TABLE workflow_instance (
  id             INTEGER PRIMARY KEY,
  workflow       TEXT    NOT NULL,
  instance_key   TEXT    NOT NULL,
  sequence       INTEGER NOT NULL,
  status         TEXT    NOT NULL CHECK (status IN ('running', 'awaiting', 'done', 'failed')),
  step           INTEGER NOT NULL,
  step_name      TEXT    NOT NULL,
  records        TEXT    NOT NULL,
  checkpoints    TEXT    NOT NULL,
  deadline       INTEGER NOT NULL DEFAULT 0,
  work_id        INTEGER NOT NULL,
  correlation_id TEXT    NOT NULL,
  started_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  UNIQUE (workflow, instance_key, sequence)
);
CREATE INDEX workflow_instance_awaiting ON workflow_instance (workflow, instance_key, step) WHERE status = 'awaiting';
CREATE INDEX workflow_instance_due ON workflow_instance (deadline) WHERE status = 'awaiting' AND deadline > 0;
CREATE INDEX workflow_instance_work ON workflow_instance (work_id);

CREATE TABLE workflow_buffer (
  id             INTEGER PRIMARY KEY,
  workflow       TEXT    NOT NULL,
  instance_key   TEXT    NOT NULL,
  step           INTEGER NOT NULL,
  await          INTEGER NOT NULL,
  event_id       INTEGER NOT NULL,
  payload        TEXT    NOT NULL,
  correlation_id TEXT    NOT NULL,
  received_at    INTEGER NOT NULL
);
CREATE INDEX workflow_buffer_key ON workflow_buffer (workflow, instance_key, step, id);

import type { Migration } from './index';

/**
 * The relay's durable state. A `deliveries` row is one (request, target) pair and doubles
 * as the outbox: rows in `pending` or `scheduled` are work still to do, and they are
 * inserted in the same transaction as the captured request, so an acknowledged request
 * can never lose its forward. `delivery_attempts` is the history the UI shows.
 *
 * `attempt_base` is `attempt_count` at the last manual retry: a manual retry grants a
 * fresh budget of `maxAttempts` without rewriting the history of earlier attempts.
 * `concurrency`/`ordered` are snapshotted from the target at enqueue so a row resumed
 * after a restart is dispatched the same way even if the endpoint was edited since.
 */
export const relay: Migration = {
  version: 2,
  name: 'relay',
  up: `
    CREATE TABLE deliveries (
      id               INTEGER PRIMARY KEY AUTOINCREMENT,
      request_id       INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
      endpoint_id      TEXT NOT NULL,
      lane             TEXT NOT NULL,
      target_url       TEXT NOT NULL,
      concurrency      INTEGER NOT NULL,
      ordered          INTEGER NOT NULL DEFAULT 0,
      state            TEXT NOT NULL,
      attempt_count    INTEGER NOT NULL DEFAULT 0,
      attempt_base     INTEGER NOT NULL DEFAULT 0,
      next_attempt_at  INTEGER,
      resigned         INTEGER NOT NULL DEFAULT 0,
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL
    );
    CREATE INDEX deliveries_by_request ON deliveries(request_id);
    CREATE INDEX deliveries_open ON deliveries(state) WHERE state IN ('pending', 'scheduled', 'in_flight');
    CREATE INDEX deliveries_failed ON deliveries(endpoint_id) WHERE state = 'failed';

    -- Replay lineage: "replays of this request" is a lookup the UI makes to compare answers.
    CREATE INDEX requests_by_replay_of ON requests(replay_of) WHERE replay_of IS NOT NULL;

    CREATE TABLE delivery_attempts (
      delivery_id         INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
      attempt             INTEGER NOT NULL,
      started_at          INTEGER NOT NULL,
      duration_ms         REAL,
      method              TEXT NOT NULL,
      url                 TEXT NOT NULL,
      request_headers     TEXT NOT NULL,
      body_size           INTEGER NOT NULL,
      status              INTEGER,
      response_headers    TEXT,
      response_body       BLOB,
      response_truncated  INTEGER NOT NULL DEFAULT 0,
      error_class         TEXT,
      error               TEXT,
      PRIMARY KEY (delivery_id, attempt)
    ) WITHOUT ROWID;
  `,
};

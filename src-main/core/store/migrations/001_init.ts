import type { Migration } from './index';

/**
 * Requests keep the raw bytes as the truth (headers as JSON pairs, body as a BLOB);
 * everything else on the row is derived for listing and filtering. The FTS table is
 * contentless (no second copy of bodies) and filled off the hot path by the indexer.
 */
export const init: Migration = {
  version: 1,
  name: 'init',
  up: `
    CREATE TABLE endpoints (
      id          TEXT PRIMARY KEY,
      slug        TEXT NOT NULL UNIQUE,
      name        TEXT NOT NULL,
      built_in    INTEGER NOT NULL DEFAULT 0,
      config      TEXT NOT NULL,
      created_at  INTEGER NOT NULL,
      read_up_to  INTEGER NOT NULL DEFAULT 0
    );

    -- Small columns first, bodies last: SQLite reads a row's columns in order, so anything
    -- after a large BLOB costs a walk through its overflow pages when listing or counting.
    CREATE TABLE requests (
      id                  INTEGER PRIMARY KEY AUTOINCREMENT,
      endpoint_id         TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
      method              TEXT NOT NULL,
      path                TEXT NOT NULL,
      query               TEXT NOT NULL,
      size                INTEGER NOT NULL,
      truncated           INTEGER NOT NULL DEFAULT 0,
      remote_address      TEXT,
      received_at         INTEGER NOT NULL,
      via                 TEXT NOT NULL,
      content_type        TEXT,
      event_type          TEXT,
      event_id            TEXT,
      duplicate_of        INTEGER,
      error               TEXT,
      replay_of           INTEGER,
      verification_status TEXT NOT NULL DEFAULT 'unverified',
      delivery_state      TEXT NOT NULL DEFAULT 'none',
      verification        TEXT,
      headers             TEXT NOT NULL,
      body                BLOB NOT NULL
    );
    CREATE INDEX requests_by_endpoint ON requests(endpoint_id, id);
    CREATE INDEX requests_by_event_id ON requests(endpoint_id, event_id) WHERE event_id IS NOT NULL;
    -- Covers facet counts and the event/signature/delivery filters without touching rows.
    CREATE INDEX requests_facets ON requests(endpoint_id, event_type, verification_status, delivery_state, method);

    CREATE VIRTUAL TABLE requests_fts USING fts5(
      path, headers, body, content='', contentless_delete=1, tokenize='unicode61'
    );
    -- Every id at or below the watermark is in the index; ids above it are not yet.
    -- A watermark instead of a per-row flag keeps the capture insert free of an extra index.
    CREATE TABLE search_state (
      id        INTEGER PRIMARY KEY CHECK (id = 1),
      watermark INTEGER NOT NULL
    );
    INSERT INTO search_state (id, watermark) VALUES (1, 0);
    CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests
      WHEN old.id <= (SELECT watermark FROM search_state WHERE id = 1) BEGIN
      DELETE FROM requests_fts WHERE rowid = old.id;
    END;

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};

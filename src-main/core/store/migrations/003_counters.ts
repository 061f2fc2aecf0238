import type { Migration } from './index';

/**
 * Counts kept, not recomputed (issue 16). Listing endpoints used to run two `COUNT(*)` per
 * endpoint and the facets a GROUP BY over every request: ~100 ms each at a million rows, on
 * every refresh. The counts change in the same transaction as every write to `requests`:
 * triggers for deletes (one, clear, retention, cascade from a deleted endpoint) and for
 * mark-read; `KeptCounts` (kept-counts.ts) for inserts and for updates of the derived columns
 * (event type, re-verification, delivery state), because a trigger on those hot statements
 * measured 2–4x their cost.
 *
 * - `endpoint_counts`: total and unread (id above the endpoint's `read_up_to`) per endpoint.
 * - `facet_counts`: one row per combination of the facet dimensions, the same grouping the
 *   covering `requests_facets` index served; a few hundred rows at most. `event_key` is ''
 *   for no event type and '=' || event_type otherwise, because a primary key cannot hold
 *   NULL and '' is a possible event type.
 *
 * Cost per capture: two statements on small, hot tables.
 */
export const counters: Migration = {
  version: 3,
  name: 'counters',
  up: `
    CREATE TABLE endpoint_counts (
      endpoint_id TEXT PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
      total       INTEGER NOT NULL DEFAULT 0,
      unread      INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;

    CREATE TABLE facet_counts (
      endpoint_id         TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
      event_key           TEXT NOT NULL,
      verification_status TEXT NOT NULL,
      delivery_state      TEXT NOT NULL,
      method              TEXT NOT NULL,
      n                   INTEGER NOT NULL,
      PRIMARY KEY (endpoint_id, event_key, verification_status, delivery_state, method)
    ) WITHOUT ROWID;

    INSERT INTO endpoint_counts (endpoint_id, total, unread)
      SELECT e.id,
        (SELECT COUNT(*) FROM requests r WHERE r.endpoint_id = e.id),
        (SELECT COUNT(*) FROM requests r WHERE r.endpoint_id = e.id AND r.id > e.read_up_to)
      FROM endpoints e;
    INSERT INTO facet_counts
      SELECT endpoint_id, IFNULL('=' || event_type, ''), verification_status, delivery_state, method, COUNT(*)
      FROM requests GROUP BY 1, 2, 3, 4, 5;

    CREATE TRIGGER endpoint_counts_create AFTER INSERT ON endpoints BEGIN
      INSERT OR IGNORE INTO endpoint_counts (endpoint_id) VALUES (new.id);
    END;

    -- Mark-read moves read_up_to; recounting only ids above it walks just the unread rows
    -- of requests_by_endpoint (none, right after marking read).
    CREATE TRIGGER endpoint_counts_read AFTER UPDATE OF read_up_to ON endpoints BEGIN
      UPDATE endpoint_counts SET unread =
        (SELECT COUNT(*) FROM requests r WHERE r.endpoint_id = new.id AND r.id > new.read_up_to)
      WHERE endpoint_id = new.id;
    END;

    -- The endpoint may already be gone (ON DELETE CASCADE from endpoints): IFNULL keeps the
    -- arithmetic defined, and its count rows go with it.
    CREATE TRIGGER requests_counts_delete AFTER DELETE ON requests BEGIN
      UPDATE endpoint_counts SET total = total - 1,
        unread = unread - IFNULL(old.id > (SELECT read_up_to FROM endpoints WHERE id = old.endpoint_id), 0)
      WHERE endpoint_id = old.endpoint_id;
      UPDATE facet_counts SET n = n - 1
      WHERE endpoint_id = old.endpoint_id AND event_key = IFNULL('=' || old.event_type, '')
        AND verification_status = old.verification_status AND delivery_state = old.delivery_state
        AND method = old.method;
    END;

  `,
};

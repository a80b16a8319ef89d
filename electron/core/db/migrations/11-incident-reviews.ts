/**
 * Version 11: post-incident reviews. A draft is edited in place (each save is committed, so
 * a crash loses nothing); a published review is frozen: triggers refuse any change, as for
 * submitted handovers, and a delete only under a purge of customers this engineer may no
 * longer see (the 'purging' key, as for incident events). Published reviews travel to
 * central once, as append-only records; drafts stay on the console that wrote them. Playbook
 * feedback lives in the review's content: suggestions are read from published reviews.
 */
import type { Migration } from './migration';

export const incidentReviews: Migration = {
  version: 11,
  name: 'post-incident reviews',
  up: `
CREATE TABLE incident_reviews (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  device TEXT NOT NULL,                    -- the console it was written on
  author TEXT NOT NULL,                    -- who drafted it
  content TEXT NOT NULL,                   -- JSON: the review document (shared/reviews/model.ts)
  drafted_at TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT,
  content_hash TEXT,                       -- sha256 of the canonical published content
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK ((published_at IS NULL) = (published_by IS NULL) AND (published_at IS NULL) = (content_hash IS NULL))
) STRICT;
CREATE INDEX incident_reviews_incident ON incident_reviews(incident_id, published_at);
CREATE INDEX incident_reviews_published ON incident_reviews(published_at) WHERE published_at IS NOT NULL;
-- One draft per incident on a console; published reviews from several consoles may meet.
CREATE UNIQUE INDEX incident_reviews_one_draft ON incident_reviews(incident_id, device) WHERE published_at IS NULL;

CREATE TRIGGER incident_reviews_frozen_update BEFORE UPDATE ON incident_reviews WHEN OLD.published_at IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'a published review is frozen');
END;
CREATE TRIGGER incident_reviews_frozen_delete BEFORE DELETE ON incident_reviews
  WHEN OLD.published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'purging')
BEGIN
  SELECT RAISE(ABORT, 'a published review is frozen');
END;

CREATE TRIGGER incident_reviews_sync_ai AFTER INSERT ON incident_reviews WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') AND NEW.published_at IS NOT NULL BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('review', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
CREATE TRIGGER incident_reviews_sync_au AFTER UPDATE ON incident_reviews WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying') AND NEW.published_at IS NOT NULL BEGIN
  INSERT INTO sync_outbox (entity, row_id, change_id, queued_at)
    VALUES ('review', NEW.id, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, row_id) DO UPDATE SET change_id = excluded.change_id, queued_at = excluded.queued_at;
END;
`,
};

/**
 * Version 3: playbooks in search. A playbook's searchable text lives in its current
 * version's body: index it when a version is written (title, summary, symptoms, step
 * titles) and when the record changes (title, tombstone); playbooks already there are
 * indexed here.
 */
import type { Migration } from './migration';

export const playbooksInSearch: Migration = {
  version: 3,
  name: 'playbooks in search',
  up: `
CREATE TRIGGER playbook_versions_search_ai AFTER INSERT ON playbook_versions BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = NEW.playbook_id);
  DELETE FROM search_docs WHERE ref_id = NEW.playbook_id;
  INSERT INTO search_docs (kind, ref_id, customer_id)
    SELECT 'playbook', p.id, NULL FROM playbooks p WHERE p.id = NEW.playbook_id AND p.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, p.title,
           coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.appliesTo.symptoms')), '') || ' ' ||
           coalesce((SELECT group_concat(value, ' ') FROM json_each(NEW.body, '$.appliesTo.tags')), '') || ' ' ||
           coalesce(p.owner, ''),
           coalesce(json_extract(NEW.body, '$.summary'), '') || ' ' ||
           coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(NEW.body, '$.steps')), '')
      FROM search_docs d JOIN playbooks p ON p.id = d.ref_id
     WHERE d.ref_id = NEW.playbook_id;
END;
CREATE TRIGGER playbooks_search_au AFTER UPDATE OF title, owner, deleted_at ON playbooks BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
  INSERT INTO search_docs (kind, ref_id, customer_id) SELECT 'playbook', NEW.id, NULL WHERE NEW.deleted_at IS NULL;
  INSERT INTO search_fts (rowid, title, keys, body)
    SELECT d.rowid, NEW.title,
           coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.symptoms')), '') || ' ' ||
           coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.tags')), '') || ' ' ||
           coalesce(NEW.owner, ''),
           coalesce(json_extract(v.body, '$.summary'), '') || ' ' ||
           coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(v.body, '$.steps')), '')
      FROM search_docs d JOIN playbook_versions v ON v.playbook_id = NEW.id AND v.number = NEW.current_version
     WHERE d.ref_id = NEW.id;
END;
CREATE TRIGGER playbooks_search_ad AFTER DELETE ON playbooks BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE ref_id = OLD.id);
  DELETE FROM search_docs WHERE ref_id = OLD.id;
END;
-- Playbooks already in the database (written before this migration).
INSERT INTO search_docs (kind, ref_id, customer_id)
  SELECT 'playbook', p.id, NULL FROM playbooks p WHERE p.deleted_at IS NULL AND p.id NOT IN (SELECT ref_id FROM search_docs);
INSERT INTO search_fts (rowid, title, keys, body)
  SELECT d.rowid, p.title,
         coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.symptoms')), '') || ' ' ||
         coalesce((SELECT group_concat(value, ' ') FROM json_each(v.body, '$.appliesTo.tags')), '') || ' ' ||
         coalesce(p.owner, ''),
         coalesce(json_extract(v.body, '$.summary'), '') || ' ' ||
         coalesce((SELECT group_concat(json_extract(value, '$.title'), ' ') FROM json_each(v.body, '$.steps')), '')
    FROM search_docs d JOIN playbooks p ON p.id = d.ref_id
    JOIN playbook_versions v ON v.playbook_id = p.id AND v.number = p.current_version
   WHERE d.kind = 'playbook';
`,
};

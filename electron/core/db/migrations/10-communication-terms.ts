/**
 * Version 10: customer updates during an incident, and "seen before".
 *
 * - customers.communication_terms: the customer's communication terms over the core set
 *   (JSON, shared/catalog/schemas.ts CustomerTermsSchema), NULL where core applies. A
 *   column of the customer's own row, so it syncs with the customer and central's rules
 *   for customers (owner, team, append-only history) cover it unchanged.
 * - playbook_runs(playbook_id, started_at): the "seen before" panel reads the latest runs
 *   of one playbook across customers without sorting every run of it.
 */
import type { Migration } from './migration';

export const communicationTerms: Migration = {
  version: 10,
  name: 'communication terms, seen-before index',
  up: `
ALTER TABLE customers ADD COLUMN communication_terms TEXT;
CREATE INDEX playbook_runs_playbook_started ON playbook_runs(playbook_id, started_at);
`,
};

/**
 * Demo communication terms: the platinum customers and every third other one (by code)
 * agree their own terms, so the console shows both a customer's terms and the core set. Written after
 * the contacts exist (recipients are contact ids) and without the demo's random sequence,
 * so adding them changes nothing else the generator makes.
 */
import type { Db } from '../db/database';

const WORKING_BODY = [
  'Dear {customer} team,',
  '',
  'Our on-call engineer {engineer} is working on a problem affecting {services} (since {start}).',
  'Right now: {doing}.',
  '',
  'Per our agreement you will hear from us again by {next_update}.',
  '',
  'MSP Service Desk',
].join('\n');

const UPDATE_BODY = [
  'Dear {customer} team,',
  '',
  'Update on "{incident}" ({elapsed} so far): {doing}.',
  '',
  'Next update by {next_update}.',
  '',
  '{engineer}, MSP Service Desk',
].join('\n');

export function writeDemoCommunicationTerms(db: Db): number {
  const customers = db
    .prepare(
      `SELECT id, tier, row_number() OVER (ORDER BY code) AS n FROM customers
        WHERE kind = 'customer' ORDER BY code`,
    )
    .all() as Array<{ id: string; tier: string; n: number }>;
  const contacts = db.prepare(
    'SELECT id FROM contacts WHERE customer_id = ? AND deleted_at IS NULL ORDER BY escalation_order LIMIT 2',
  );
  const update = db.prepare('UPDATE customers SET communication_terms = ? WHERE id = ?');
  let written = 0;
  for (const c of customers) {
    if (c.tier !== 'platinum' && c.n % 3 !== 1) continue;
    const recipients = (contacts.all(c.id) as Array<{ id: string }>).map((r) => r.id);
    const terms = {
      recipients,
      cadenceMinutes: c.tier === 'platinum' ? { sev1: 30, sev2: 60, sev3: 120 } : { sev1: 30, sev2: 90 },
      templates: {
        working: { subject: '[{customer}] Incident: {incident} — we are on it', body: WORKING_BODY },
        update: { subject: '[{customer}] Update {elapsed} in: {incident}', body: UPDATE_BODY },
      },
    };
    update.run(JSON.stringify(terms), c.id);
    written += 1;
  }
  return written;
}

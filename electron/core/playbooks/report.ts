/**
 * The customization report: how far customers have moved from each core playbook. The
 * lean-core rule is that most customers run core as is; an overlay with more overrides than
 * the bound is a sign the core process is missing something, or the customer needs a talk.
 */
import type { CustomizationReport } from '../../../shared/playbooks/model';
import type { Db } from '../db/database';
import { countOverrides, type OverlayRow, type PlaybookRow, parseOverlay } from './store';

export const DEFAULT_BOUND = 3;

export function customizationReport(db: Db, bound: number = DEFAULT_BOUND): CustomizationReport {
  const playbooks = db.prepare('SELECT * FROM playbooks WHERE deleted_at IS NULL').all() as PlaybookRow[];
  // The internal account is the MSP itself, not a customer that could run a playbook as is.
  const customerCount = (
    db
      .prepare("SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL AND kind = 'customer'")
      .get() as {
      n: number;
    }
  ).n;
  const overlays = db
    .prepare(
      `SELECT o.*, c.code AS c_code, c.name AS c_name FROM overlays o JOIN customers c ON c.id = o.customer_id
        WHERE o.deleted_at IS NULL AND c.deleted_at IS NULL AND c.kind = 'customer'`,
    )
    .all() as Array<OverlayRow & { c_code: string; c_name: string }>;
  const byPlaybook = new Map<string, typeof overlays>();
  for (const o of overlays) byPlaybook.set(o.playbook_id, [...(byPlaybook.get(o.playbook_id) ?? []), o]);

  return {
    bound,
    playbooks: playbooks
      .map((pb) => {
        const customers = (byPlaybook.get(pb.id) ?? [])
          .map((o) => {
            const overrides = countOverrides(parseOverlay(o, pb.title, `${o.c_name} (${o.c_code})`));
            return {
              id: o.customer_id,
              code: o.c_code,
              name: o.c_name,
              overrides,
              drifted: o.core_version < pb.current_version,
              beyondBound: overrides > bound,
            };
          })
          // Furthest from core first: those are the ones to look at.
          .sort(
            (a, b) => b.overrides - a.overrides || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
          );
        return {
          id: pb.id,
          title: pb.title,
          customersAsIs: customerCount - customers.length,
          customersWithOverlay: customers.length,
          customers,
        };
      })
      .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)),
  };
}

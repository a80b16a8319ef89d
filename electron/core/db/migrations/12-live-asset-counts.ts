/**
 * Version 12: live asset counts without reading every asset.
 *
 * The customer list counts each customer's live assets, the recovery card each
 * environment's, and the status bar all of them. `deleted_at IS NULL` made each count read
 * the asset rows themselves (at 500 customers, 50,000 rows per customer list: ~200 ms on
 * this machine). A partial index of the live assets by customer and environment answers
 * all three from the index alone.
 */
import type { Migration } from './migration';

export const liveAssetCounts: Migration = {
  version: 12,
  name: 'live asset counts',
  up: `
CREATE INDEX assets_live_customer_environment ON assets(customer_id, environment_id) WHERE deleted_at IS NULL;
`,
};

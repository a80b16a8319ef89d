/**
 * Customer kinds, without zod, so the renderer can use them without pulling the schemas (and
 * zod's eval probe, which the console's CSP reports) into its start-up bundle.
 */
export const CUSTOMER_KINDS = ['customer', 'internal'] as const;

/**
 * What "N customers" counts everywhere (status bar, customer list): real customers, not the
 * MSP's internal platform record, which the list shows but names separately.
 */
export const COUNTED_CUSTOMER_KIND = 'customer' satisfies (typeof CUSTOMER_KINDS)[number];

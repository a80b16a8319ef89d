import type { z } from 'zod';

/**
 * What a `data:changed` event can name: each renderer store refetches when a domain it
 * shows is named. The event itself is declared with the others in shared/api/contract.ts.
 */
export const DATA_DOMAINS = [
  'customers',
  'catalog',
  'settings',
  'playbooks',
  'incidents',
  'handover',
  'sync',
  'database',
] as const;
export type DataDomain = (typeof DATA_DOMAINS)[number];

/**
 * What a call does to the data, stated by every call: either the domains it changes (the
 * back end announces them in `data:changed` once the call has succeeded, its transaction
 * committed) or that it only reads. A call that states neither does not compile, and
 * test/integration/contract.test.ts runs every reading call to check it writes nothing.
 */
export type CallEffect =
  | { readonly changes: readonly [DataDomain, ...DataDomain[]]; readonly reads?: never }
  | { readonly reads: true; readonly changes?: never };

/** Declares one call of the contract: its input and output schemas, a one-line summary and its effect. */
export const define = <I extends z.ZodType, O extends z.ZodType, const E extends CallEffect>(
  spec: { summary: string; input: I; output: O } & E,
) => spec;

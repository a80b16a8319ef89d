/**
 * The shapes of a go-bag: the data gathered for one customer (gobag.ts) and handed to the
 * Markdown and HTML renderers (gobag-md.ts, gobag-html.ts), and the finished document.
 * Kept apart so the renderers need not import the module that calls them.
 */
import type { CustomerDetail } from '../../../shared/catalog/schemas';
import type { EffectivePlaybook } from '../../../shared/playbooks/model';

export type GobagFormat = 'md' | 'html';

export interface Gobag {
  readonly fileName: string;
  readonly content: string;
  readonly sha256: string;
  readonly generatedAt: string;
}

export interface GobagWindow {
  readonly name: string;
  readonly day: string;
  readonly start: string;
  readonly durationMinutes: number;
  readonly activeNow: boolean;
}

export interface GobagPlaybook {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly restoreTargetMinutes: number;
  readonly why: string;
  readonly overlay: { readonly coreVersion: number } | null;
  readonly effective: EffectivePlaybook;
}

export interface GobagData {
  readonly customer: CustomerDetail;
  readonly generatedAt: string;
  /** "Tue 14:05 BST" in the customer's time zone at generation. */
  readonly localTime: string;
  readonly windows: readonly GobagWindow[];
  readonly waves: ReadonlyArray<{ readonly wave: number; readonly assets: readonly string[] }> | null;
  readonly playbooks: readonly GobagPlaybook[];
}

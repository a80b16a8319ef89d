/**
 * Every schema version in order, one file each, applied by openDatabase in one
 * transaction. Add a version by adding the next file and listing it here.
 */
import { catalogPlaybooksIncidents } from './01-catalog-playbooks-incidents';
import { searchIndex } from './02-search-index';
import { playbooksInSearch } from './03-playbooks-in-search';
import { incidentMetrics } from './04-incident-metrics';
import { handovers } from './05-handovers';
import { teamSync } from './06-team-sync';
import { backfillIndexes } from './07-backfill-indexes';
import { appendOnlyChains } from './08-append-only-chains';
import { searchInPaletteOrder } from './09-search-in-palette-order';
import { communicationTerms } from './10-communication-terms';
import { incidentReviews } from './11-incident-reviews';
import { liveAssetCounts } from './12-live-asset-counts';
import { searchIndexCompacted } from './13-search-index-compacted';
import type { Migration } from './migration';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [
  catalogPlaybooksIncidents,
  searchIndex,
  playbooksInSearch,
  incidentMetrics,
  handovers,
  teamSync,
  backfillIndexes,
  appendOnlyChains,
  searchInPaletteOrder,
  communicationTerms,
  incidentReviews,
  liveAssetCounts,
  searchIndexCompacted,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** How asset kinds read and sort in lists, trees and the graph: top of the stack first. */
import { ASSET_KIND_LABELS, type AssetKind } from '../../shared/catalog/labels';

export const KIND_SHORT: Readonly<Record<AssetKind, string>> = {
  application_service: 'App',
  database: 'DB',
  cloud_resource: 'Cloud',
  container_host: 'Containers',
  vm: 'VM',
  cluster: 'Cluster',
  hypervisor_host: 'Host',
  storage: 'Storage',
  firewall: 'Firewall',
  network_device: 'Network',
  circuit: 'Circuit',
};

/** Service layers first, then compute, then the platform underneath, then the edge. */
const LAYER_ORDER: readonly AssetKind[] = [
  'application_service',
  'database',
  'cloud_resource',
  'container_host',
  'vm',
  'cluster',
  'hypervisor_host',
  'storage',
  'firewall',
  'network_device',
  'circuit',
];

export function layerRank(kind: AssetKind): number {
  return LAYER_ORDER.indexOf(kind);
}

export function kindLabel(kind: AssetKind): string {
  return ASSET_KIND_LABELS[kind].one;
}

export const CRITICALITY_RANK: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The open asset page: the asset itself and the restore order for its failure. */
import type { AssetDetail, RestoreOrder } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { createResource } from '../app/resource';

export const useAsset = createResource<string, AssetDetail>(
  (id) => api.call('asset:get', { id }),
  (id) => id,
);

/** Restore order over a set of failed assets (the asset and what fails with it). */
export const useAssetRestore = createResource<readonly string[], RestoreOrder>(
  (ids) => api.call('restore:order', { assetIds: [...ids] }),
  (ids) => ids.join(','),
);

const MAX_RESTORE_SET = 5000;

/** When an asset fails, what runs on it and what depends on it go down with it. */
export function failureSet(asset: AssetDetail): readonly string[] {
  const ids = new Set<string>([asset.id]);
  for (const h of asset.hosts) ids.add(h.id);
  for (const d of asset.dependents) ids.add(d.id);
  return [...ids].slice(0, MAX_RESTORE_SET);
}

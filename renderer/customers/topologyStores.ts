/** A customer's environment as layers and as a restore order; both reload when the catalog changes. */
import type { RestoreOrder, Topology } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { createResource } from '../app/resource';

export const useTopology = createResource<string, Topology>(
  (id) => api.call('customer:topology', { id }),
  (id) => id,
);

export const useCustomerRestore = createResource<string, RestoreOrder>(
  (customerId) => api.call('restore:order', { customerId }),
  (id) => id,
);

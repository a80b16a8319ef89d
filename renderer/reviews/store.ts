/** Review stores: the review open in the editor, an incident's or a customer's reviews, playbook suggestions. */
import { api } from '../api/client';
import { createResource } from '../app/resource';

export const useReview = createResource(
  (id: string) => api.call('review:get', { id }),
  (id) => id,
  ['incidents'],
);

export const useIncidentReviews = createResource(
  (incidentId: string) => api.call('review:list', { incidentId }),
  (id) => id,
  ['incidents'],
);

export const useCustomerReviews = createResource(
  (customerId: string) => api.call('review:list', { customerId, limit: 5 }),
  (id) => id,
  ['incidents'],
);

export const useSuggestions = createResource(
  (_: 'all') => api.call('review:suggestions', {}),
  () => 'all',
  ['playbooks', 'incidents'],
);

/** The Insights report, reloaded when incidents, playbooks or customers change. */
import { api } from '../api/client';
import { createResource } from '../app/resource';

export const useInsights = createResource(
  (_input: Record<string, never>) => api.call('insights:report', {}),
  () => 'report',
  ['incidents', 'playbooks', 'customers', 'catalog'],
);

/**
 * Incident stores: the board, the recently ended list, the incident open in the runner, and
 * what each recorded action is doing right now (saving, recorded, refused). An action shows
 * as recorded only once the back end has answered that the event is committed.
 */
import { create } from 'zustand';
import type { CallInput } from '../../shared/api/contract';
import type { ApiError, Result } from '../../shared/api/result';
import type { IncidentDetail } from '../../shared/incidents/model';
import { api } from '../api/client';
import { createResource } from '../app/resource';

export const useBoard = createResource(
  (_: 'board') => api.call('incident:board', {}),
  () => 'board',
  ['incidents', 'customers'],
);

export const useEnded = createResource(
  (_: 'ended') => api.call('incident:list', { status: 'ended', limit: 20 }),
  () => 'ended',
  ['incidents'],
);

export const useIncident = createResource(
  (id: string) => api.call('incident:get', { id }),
  (id) => id,
  ['incidents'],
);

export const useIncidentCustomer = createResource(
  (id: string) => api.call('customer:get', { id }),
  (id) => id,
  ['customers'],
);

export type IncidentAction = CallInput<'incident:record'>['action'];

export type ActionStatus =
  | { readonly state: 'saving' }
  | { readonly state: 'recorded'; readonly at: string }
  | { readonly state: 'failed'; readonly error: ApiError };

interface ActionsState {
  /** By action key (e.g. `step:<run>:<step>`, `note`, `restored`). */
  readonly status: Readonly<Record<string, ActionStatus>>;
  /** Records one action; true once committed. The caller keeps its input when false. */
  record(incidentId: string, key: string, action: IncidentAction): Promise<boolean>;
  startPlaybook(incidentId: string, key: string, playbookId: string, assetId?: string): Promise<boolean>;
  clear(key: string): void;
}

function accept(detail: IncidentDetail): void {
  // The answer is the incident as committed: show it at once instead of waiting for a refetch.
  if (useIncident.getState().key === detail.state.id)
    useIncident.setState({ value: detail, status: 'ready', error: null });
}

export const useActions = create<ActionsState>()((set, get) => {
  const put = (key: string, status: ActionStatus) => set({ status: { ...get().status, [key]: status } });
  const run = async (key: string, call: () => Promise<Result<IncidentDetail>>): Promise<boolean> => {
    if (get().status[key]?.state === 'saving') return false;
    put(key, { state: 'saving' });
    const result = await call();
    if (!result.ok) {
      put(key, { state: 'failed', error: result.error });
      return false;
    }
    accept(result.value);
    put(key, { state: 'recorded', at: result.value.state.lastEventAt });
    void useBoard.getState().refresh();
    return true;
  };
  return {
    status: {},
    record: (incidentId, key, action) => run(key, () => api.call('incident:record', { incidentId, action })),
    startPlaybook: (incidentId, key, playbookId, assetId) =>
      run(key, () =>
        api.call(
          'incident:startPlaybook',
          assetId ? { incidentId, playbookId, assetId } : { incidentId, playbookId },
        ),
      ),
    clear(key) {
      const next = { ...get().status };
      delete next[key];
      set({ status: next });
    },
  };
});

export const useActionStatus = (key: string): ActionStatus | undefined => useActions((s) => s.status[key]);

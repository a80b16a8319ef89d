/** The palette's commands on an incident page: tell the customer, go to "seen before". */
import type { Route } from '../app/router';
import type { IconName } from '../ui/icons';
import { focusSeenBefore } from './SeenBefore';
import { useTellCustomer } from './tellStore';

export interface IncidentCommand {
  readonly id: string;
  readonly icon: IconName;
  readonly label: string;
  readonly detail: string;
  run(): void;
}

export function incidentCommands(route: Route): IncidentCommand[] {
  if (route.screen !== 'incidents') return [];
  const id = route.path[0];
  if (!id || id === 'new') return [];
  return [
    {
      id: 'tell-customer',
      icon: 'mail',
      label: 'Tell the customer…',
      detail: 'T · the next update from their template',
      run: () => useTellCustomer.getState().show(),
    },
    {
      id: 'seen-before',
      icon: 'restore',
      label: 'Seen before',
      detail: 'B · past incidents like this one',
      // After the palette has closed and handed focus back.
      run: () => window.setTimeout(focusSeenBefore, 50),
    },
  ];
}

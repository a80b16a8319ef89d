/**
 * The API contract: every call between the UI and the back end, declared once.
 * The back end parses each input with its schema; both transports (IPC and the local
 * web host) carry exactly these names; the renderer's client is typed from this map.
 */
import { z } from 'zod';
import { catalogCalls } from '../catalog/calls';
import { databaseCalls } from '../database/calls';
import { handoverCalls } from '../handover/calls';
import { incidentCalls } from '../incidents/calls';
import { commsCalls } from '../incidents/commsCalls';
import { insightsCalls } from '../insights/calls';
import { playbookCalls } from '../playbooks/calls';
import { reviewCalls } from '../reviews/calls';
import { syncCalls } from '../sync/calls';
import { type CallEffect, DATA_DOMAINS, type DataDomain, define } from './define';

export { DATA_DOMAINS, type DataDomain } from './define';

export const Theme = z.enum(['dark', 'light']);
export type Theme = z.infer<typeof Theme>;

export const Preferences = z.object({ theme: Theme });
export type Preferences = z.infer<typeof Preferences>;

export const AppInfo = z.object({
  version: z.string(),
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  demo: z.boolean(),
  deviceId: z.string(),
  transport: z.enum(['ipc', 'web']),
  counts: z.object({ customers: z.number().int(), assets: z.number().int(), playbooks: z.number().int() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const calls = {
  'app:info': define({
    summary: 'What this console runs on: version, database, demo or not, record counts.',
    input: z.object({}).strict(),
    output: AppInfo,
    reads: true,
  }),
  'settings:get': define({
    summary: 'The preferences of this console.',
    input: z.object({}).strict(),
    output: Preferences,
    reads: true,
  }),
  'settings:update': define({
    summary: 'Change preferences (theme). Returns the preferences now in force.',
    input: Preferences.partial().strict(),
    output: Preferences,
    changes: ['settings'],
  }),
  ...catalogCalls,
  ...playbookCalls,
  ...insightsCalls,
  ...incidentCalls,
  ...commsCalls,
  ...handoverCalls,
  ...reviewCalls,
  ...syncCalls,
  ...databaseCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

/** Calls whose definition states the domains they change; every other call states that it only reads. */
export type ChangingCall = {
  [N in CallName]: Calls[N] extends { readonly changes: readonly DataDomain[] } ? N : never;
}[CallName];
export type ReadingCall = Exclude<CallName, ChangingCall>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

/** The domains a call changes, as its definition states them (none for a call that only reads). */
export function callChanges(name: CallName): readonly DataDomain[] {
  const spec: CallEffect = calls[name];
  return spec.changes ?? [];
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** Push events from the back end. `data:changed` tells stores which domains to refetch. */
export const events = {
  'data:changed': z.object({ domains: z.array(z.enum(DATA_DOMAINS)) }),
  /** Progress of a long operation (an import), so the UI can show it past half a second. */
  progress: z.object({
    operation: z.string(),
    phase: z.string(),
    done: z.number().int(),
    total: z.number().int(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

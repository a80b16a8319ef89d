/**
 * The API contract: every call between the UI and the back end, declared once.
 * The back end parses each input with its schema; both transports (IPC and the local
 * web host) carry exactly these names; the renderer's client is typed from this map.
 */
import { z } from 'zod';
import { CustomerDetail, CustomerSummary, Id } from '../catalog/schemas';

const define = <I extends z.ZodType, O extends z.ZodType>(spec: {
  summary: string;
  input: I;
  output: O;
  /** True when the call changes data: the transports may treat it differently (e.g. no retry). */
  mutates?: boolean;
}) => spec;

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
  }),
  'settings:get': define({
    summary: 'The preferences of this console.',
    input: z.object({}).strict(),
    output: Preferences,
  }),
  'settings:update': define({
    summary: 'Change preferences (theme). Returns the preferences now in force.',
    input: Preferences.partial().strict(),
    output: Preferences,
    mutates: true,
  }),
  'customer:list': define({
    summary: 'Customers, most critical tier first, optionally narrowed by name or code.',
    input: z
      .object({
        query: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(CustomerSummary), total: z.number().int() }),
  }),
  'customer:get': define({
    summary: "One customer's recovery card: targets, contacts, contracts, windows, environments.",
    input: z.object({ id: Id }).strict(),
    output: CustomerDetail,
  }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** Push events from the back end. `data:changed` tells stores which domains to refetch. */
export const events = {
  'data:changed': z.object({ domains: z.array(z.enum(['customers', 'settings', 'playbooks', 'incidents'])) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

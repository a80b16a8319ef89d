/**
 * Reading a pasted alert: one parser per source format, tried in order, then a generic
 * fallback. JSON is tried against the JSON formats (the more specific shapes first: Grafana
 * before Alertmanager, which it extends); anything else is taken out of its e-mail wrapper
 * (email.ts) and tried against the text formats. Total: any string gives a result, never a
 * throw, because at 3 a.m. a half-read alert is still better than an error; what could not
 * be read is said in `notes`. See docs/alert-formats.md for each format's fields.
 */
import type { AlertFormat, ParsedAlert } from '../../../../../shared/incidents/alert';
import { parseAlertmanager } from './alertmanager';
import { parseAzureMonitor } from './azureMonitor';
import { parseCheckmkContext, parseCheckmkText } from './checkmk';
import { parseCloudWatch } from './cloudwatch';
import { parseDatadog } from './datadog';
import { type Draft, finish, type Message, type ParseContext } from './draft';
import { readMessage } from './email';
import { parseGenericJson, parseGenericText } from './generic';
import { parseGrafana } from './grafana';
import { parseIcinga } from './icinga';
import { parseLibreNmsJson, parseLibreNmsText } from './librenms';
import { parseNagios } from './nagios';
import { parsePagerDuty } from './pagerduty';
import { parsePrtgJson, parsePrtgText } from './prtg';
import { clip, firstLine } from './text';
import { defaultZone, parseTimestamp, type TimeOptions } from './time';
import { parseUptimeKuma } from './uptimeKuma';
import { parseZabbixText, parseZabbixWebhook } from './zabbix';

interface JsonParser {
  readonly format: AlertFormat;
  readonly parse: (json: unknown, ctx: ParseContext) => Draft | null;
}
interface TextParser {
  readonly format: AlertFormat;
  readonly parse: (msg: Message, ctx: ParseContext) => Draft | null;
}

/** In order: a parser only claims the shapes it knows; the first claim wins. */
export const JSON_PARSERS: readonly JsonParser[] = [
  { format: 'cloudwatch', parse: parseCloudWatch },
  { format: 'azure-monitor', parse: parseAzureMonitor },
  { format: 'pagerduty', parse: parsePagerDuty },
  { format: 'grafana', parse: parseGrafana },
  { format: 'alertmanager', parse: parseAlertmanager },
  { format: 'uptime-kuma', parse: parseUptimeKuma },
  { format: 'datadog', parse: parseDatadog },
  { format: 'checkmk', parse: parseCheckmkContext },
  { format: 'librenms', parse: parseLibreNmsJson },
  { format: 'zabbix', parse: parseZabbixWebhook },
  { format: 'prtg', parse: parsePrtgJson },
];
export const TEXT_PARSERS: readonly TextParser[] = [
  { format: 'nagios', parse: parseNagios },
  { format: 'icinga', parse: parseIcinga },
  { format: 'zabbix', parse: parseZabbixText },
  { format: 'checkmk', parse: parseCheckmkText },
  { format: 'librenms', parse: parseLibreNmsText },
  { format: 'prtg', parse: parsePrtgText },
];

export interface ParseOptions {
  /** IANA zone a time without a zone is read in; the console's own zone by default. */
  readonly assumedZone?: string;
}

export async function parseAlert(input: string, options: ParseOptions = {}): Promise<ParsedAlert> {
  const time: TimeOptions = { assumedZone: options.assumedZone ?? defaultZone() };
  const ctx: ParseContext = { time };
  // A BOM or a stray NUL from a clipboard is not part of the alert.
  const text = input.replace(/^\uFEFF/, '').replaceAll(String.fromCharCode(0), '');
  try {
    return await parseUnchecked(text, ctx);
  } catch (err) {
    // A bug in a reader must not cost the engineer the paste: fall back to the bare text.
    const msg: Message = {
      subject: '',
      body: text,
      date: null,
      dateSource: null,
      wrapped: 'none',
      notes: [],
    };
    const draft = parseGenericText(msg, ctx);
    return finish(
      {
        ...draft,
        title: clip(firstLine(text), 300) || 'Pasted alert',
        notes: [`The alert could not be read fully (${err instanceof Error ? err.message : String(err)}).`],
      },
      ctx,
    );
  }
}

/** Mail is sent moments after the event: a delivery delay this long still counts as "moments". */
const ENVELOPE_SLACK_MS = 10 * 60_000;

/**
 * A zone-less event time in an e-mail whose Date: header has a zone: the sender's offset is
 * the one (in quarter hours) that puts the event just before the mail was sent. Zabbix and
 * PRTG mail say "03:12:45" and their Date: says "+0100"; that is better than a guess.
 */
function zoneFromEnvelope(draft: Draft, msg: Message): Draft {
  const t = draft.time;
  const sent = msg.date;
  if (!t || t.zoned || !sent?.zoned || msg.dateSource !== 'Date: header') return draft;
  const wall = parseTimestamp(t.raw, { assumedZone: 'UTC' }) ?? null;
  if (!wall) return draft;
  const wallMs = Date.parse(wall.iso);
  const sentMs = Date.parse(sent.iso);
  const quarter = 15 * 60_000;
  const offset = Math.round((wallMs - sentMs) / quarter) * quarter;
  const utc = wallMs - offset;
  if (Math.abs(offset) > 14 * 3_600_000 || utc > sentMs + 60_000 || sentMs - utc > ENVELOPE_SLACK_MS)
    return draft;
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 3_600_000)).padStart(2, '0');
  const mm = String((Math.abs(offset) % 3_600_000) / 60_000).padStart(2, '0');
  return {
    ...draft,
    time: { iso: new Date(utc).toISOString(), zoned: true, raw: t.raw },
    notes: [
      ...(draft.notes ?? []),
      `The alert's time has no zone; the e-mail's Date: header gives ${sign}${hh}:${mm}.`,
    ],
  };
}

async function parseUnchecked(text: string, ctx: ParseContext): Promise<ParsedAlert> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const msg: Message = {
        subject: '',
        body: text,
        date: null,
        dateSource: null,
        wrapped: 'none',
        notes: [],
      };
      const draft = parseGenericText(msg, ctx);
      return finish(
        {
          ...draft,
          notes: [
            `The alert looks like JSON but is not valid JSON (${clip(why, 120)}); read it as plain text.`,
          ],
        },
        ctx,
      );
    }
    for (const p of JSON_PARSERS) {
      const draft = p.parse(json, ctx);
      if (draft) return finish(draft, ctx);
    }
    return finish(parseGenericJson(json, ctx), ctx);
  }
  const msg = await readMessage(text, ctx);
  for (const p of TEXT_PARSERS) {
    const draft = p.parse(msg, ctx);
    if (draft) return finish(zoneFromEnvelope(draft, msg), ctx);
  }
  return finish(parseGenericText(msg, ctx), ctx);
}

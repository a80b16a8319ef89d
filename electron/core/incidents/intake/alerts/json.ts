/** Reading untyped JSON without `any`: objects, strings and paths. */

export type Json = Readonly<Record<string, unknown>>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string or number value as a trimmed string; null for anything else or an empty string. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function get(v: unknown, ...path: readonly string[]): unknown {
  let cur: unknown = v;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function getStr(v: unknown, ...path: readonly string[]): string | null {
  return str(get(v, ...path));
}

/** A key looked up case-insensitively (Zabbix webhook parameters are named by the admin). */
export function getCi(v: Json, ...names: readonly string[]): string | null {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const [k, val] of Object.entries(v)) if (wanted.has(k.toLowerCase())) return str(val);
  return null;
}

export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}

/** Every string value in a JSON value with its key, bounded: the text a JSON alert carries. */
export function jsonText(json: unknown, skipKeys: ReadonlySet<string> = new Set()): string {
  const out: string[] = [];
  const queue: unknown[] = [json];
  for (let i = 0; i < queue.length && i < 20_000; i++) {
    const v = queue[i];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) queue.push(...v.slice(0, 1000));
    else if (isRecord(v))
      for (const [k, val] of Object.entries(v).slice(0, 1000)) {
        if (skipKeys.has(k) || /url$|^signature|^self$|^html_url$/i.test(k)) continue;
        if (typeof val === 'string') out.push(`${k}: ${val}`);
        else if (typeof val === 'number' || typeof val === 'boolean') out.push(`${k}: ${String(val)}`);
        else queue.push(val);
      }
  }
  return out.join('\n');
}

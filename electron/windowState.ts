/**
 * Remembering the window's size and position between runs, in a small JSON file in the
 * user data folder. Whatever is in that file is untrusted: it is validated, and bounds that
 * no longer fit any display (a monitor was unplugged) are dropped so the window is never
 * opened off screen. No 'electron' import: main passes the displays' work areas in.
 */
import fs from 'node:fs';
import path from 'node:path';

export const WINDOW_STATE_FILE = 'window-state.json';

export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 820;
export const MIN_WIDTH = 880;
export const MIN_HEIGHT = 560;
const MAX_EXTENT = 16384;
const MAX_COORDINATE = 100_000;

export interface WindowState {
  readonly width: number;
  readonly height: number;
  /** Absent: let the window manager centre the window. */
  readonly x?: number;
  readonly y?: number;
  readonly maximized: boolean;
}

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  width: DEFAULT_WIDTH,
  height: DEFAULT_HEIGHT,
  maximized: false,
};

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** A valid state from whatever was parsed out of the file, or null when it is unusable. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (!isInteger(r.width, 1, MAX_EXTENT) || !isInteger(r.height, 1, MAX_EXTENT)) return null;
  const width = Math.max(r.width, MIN_WIDTH);
  const height = Math.max(r.height, MIN_HEIGHT);
  const maximized = r.maximized === true;
  const hasPosition =
    isInteger(r.x, -MAX_COORDINATE, MAX_COORDINATE) && isInteger(r.y, -MAX_COORDINATE, MAX_COORDINATE);
  return hasPosition
    ? { width, height, x: r.x as number, y: r.y as number, maximized }
    : { width, height, maximized };
}

/** Reads and validates the saved state; a missing, unreadable or damaged file gives null. */
export function loadWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseWindowState(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Writes atomically (temp file + rename) so a crash mid-write never leaves a half file. */
export function saveWindowState(file: string, state: WindowState): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(tmp, `${JSON.stringify(state)}\n`, 'utf8');
  fs.renameSync(tmp, file);
}

/** How much of the window's title bar area must stay on a display to count as reachable. */
const MIN_VISIBLE = 64;

/**
 * Keeps the saved size but drops the saved position unless the window's top edge lies
 * well inside one of the current displays' work areas, and shrinks a size larger than
 * the largest work area.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  if (workAreas.length === 0) return state;
  const maxWidth = Math.max(...workAreas.map((a) => a.width));
  const maxHeight = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(Math.min(state.width, maxWidth), Math.min(MIN_WIDTH, maxWidth));
  const height = Math.max(Math.min(state.height, maxHeight), Math.min(MIN_HEIGHT, maxHeight));
  const sized: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return sized;
  const { x, y } = state;
  const reachable = workAreas.some((a) => {
    const overlap = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
    return overlap >= MIN_VISIBLE && y >= a.y && y <= a.y + a.height - MIN_VISIBLE;
  });
  return reachable ? { ...sized, x, y } : sized;
}

/**
 * The keyboard path of every list whose rows are picked with the keys (the customer list,
 * the playbook library, the incident board, the environment tree, the command palette,
 * the blast pickers): which row a key makes active, and one hook that handles those keys.
 * Each list keeps its own keys on top (Escape, '/', ← → in the tree).
 */
import { useCallback, useRef, useState } from 'react';

/** How a list moves its active row. */
export interface ListMoves {
  /** Rows in the list. */
  readonly count: number;
  /** The active row; -1 while none is. */
  readonly active: number;
  /** ↓ on the last row goes to the first and ↑ on the first to the last; otherwise the ends hold. */
  readonly wrap?: boolean;
  /** Page Down / Up: rows to move, or the row to go to (the palette jumps a group); absent, the keys scroll. */
  readonly page?: number | ((active: number, direction: 1 | -1) => number);
  /** Home and End go to the first and last row (except in a text field, where they move the caret). */
  readonly ends?: boolean;
  /** j and k move like ↓ and ↑. */
  readonly vimKeys?: boolean;
}

const STEPS: Readonly<Record<string, 1 | -1>> = { ArrowDown: 1, ArrowUp: -1 };
const VIM_STEPS: Readonly<Record<string, 1 | -1>> = { j: 1, k: -1 };
const PAGES: Readonly<Record<string, 1 | -1>> = { PageDown: 1, PageUp: -1 };
/** Rows a Page key moves when the list gives a number of its own. */
export const PAGE_ROWS = 10;

const clamp = (index: number, count: number) => Math.max(0, Math.min(count - 1, index));

/**
 * The row a key makes active; -1 for a move key on an empty list (the key is still the
 * list's); null when the key is not a move in this list. From no active row, any move goes
 * to the first row.
 */
export function listMove(key: string, inField: boolean, list: ListMoves): number | null {
  const { count, active } = list;
  const step = STEPS[key] ?? (list.vimKeys ? VIM_STEPS[key] : undefined);
  const page = list.page === undefined ? undefined : PAGES[key];
  const end = list.ends && !inField ? { Home: 0, End: count - 1 }[key] : undefined;
  if (step === undefined && page === undefined && end === undefined) return null;
  if (count === 0) return -1;
  if (end !== undefined) return end;
  if (active < 0) return 0;
  if (step !== undefined)
    return list.wrap ? (((active + step) % count) + count) % count : clamp(active + step, count);
  if (page !== undefined && list.page !== undefined)
    return clamp(typeof list.page === 'number' ? active + page * list.page : list.page(active, page), count);
  return null;
}

/** What the hook reads of a key press: a React keyboard event or a window's. */
export type ListKeyEvent = Pick<KeyboardEvent, 'key' | 'target' | 'shiftKey' | 'altKey' | 'preventDefault'>;

export interface ListboxKeys extends ListMoves {
  readonly onActive: (index: number) => void;
  /** Enter: do what the active row offers; false leaves the key alone (nothing to open, a focused control's own Enter). */
  readonly onEnter?: (active: number, event: ListKeyEvent) => boolean;
}

/** Typing into a field must not trigger single-key shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * A key handler for a list: ↑ ↓ (and what `ListMoves` turns on) move the active row, Enter
 * calls `onEnter`. It returns whether it took the key (and then prevented its default), so
 * the list can go on to its own keys. The handler stays the same between renders.
 */
export function useListboxKeys(keys: ListboxKeys): (event: ListKeyEvent) => boolean {
  const latest = useRef(keys);
  latest.current = keys;
  return useCallback((event: ListKeyEvent) => {
    const list = latest.current;
    if (event.key === 'Enter') {
      if (!list.onEnter?.(list.active, event)) return false;
      event.preventDefault();
      return true;
    }
    const next = listMove(event.key, isTypingTarget(event.target), list);
    if (next === null) return false;
    event.preventDefault();
    if (next >= 0) list.onActive(next);
    return true;
  }, []);
}

/**
 * The keys of a list whose selection is a row id kept in its store (the customer list, the
 * playbook library): arrows and Page keys move the selection, Enter opens the selected row.
 */
export function useSelectionKeys(
  items: readonly { readonly id: string }[],
  selectedId: string | null,
  select: (id: string) => void,
  open: (id: string) => void,
): (event: ListKeyEvent) => boolean {
  return useListboxKeys({
    count: items.length,
    active: items.findIndex((item) => item.id === selectedId),
    page: PAGE_ROWS,
    onActive: (index) => {
      const item = items[index];
      if (item) select(item.id);
    },
    onEnter: () => {
      if (!selectedId) return false;
      open(selectedId);
      return true;
    },
  });
}

/**
 * A row's own pointer and key paths in such a list: a click selects and opens it, Space
 * opens the row under focus (Enter bubbles to the list, which opens the selected row).
 */
export function optionPicks(
  id: string,
  select: (id: string) => void,
  open: (id: string) => void,
): {
  readonly onClick: () => void;
  readonly onKeyDown: (event: Pick<KeyboardEvent, 'key' | 'preventDefault'>) => void;
} {
  return {
    onClick: () => {
      select(id);
      open(id);
    },
    onKeyDown: (event) => {
      if (event.key === ' ') {
        event.preventDefault();
        open(id);
      }
    },
  };
}

/**
 * An active row the list keeps itself (the incident board, the blast pickers), starting on
 * the first; when the list shrinks it shows on the last row rather than on none.
 */
export function useActiveRow(count: number): readonly [number, (index: number) => void] {
  const [active, setActive] = useState(0);
  return [Math.min(active, Math.max(0, count - 1)), setActive];
}

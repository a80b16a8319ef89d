import { describe, expect, it } from 'vitest';
import { type ListMoves, listMove, PAGE_ROWS } from '../../renderer/ui/listbox';

const list = (active: number, more: Partial<ListMoves> = {}): ListMoves => ({ count: 30, active, ...more });
const move = (key: string, moves: ListMoves, inField = false) => listMove(key, inField, moves);

describe('list keys', () => {
  it('arrows move a row and stop at the ends', () => {
    expect(move('ArrowDown', list(4))).toBe(5);
    expect(move('ArrowUp', list(4))).toBe(3);
    expect(move('ArrowUp', list(0))).toBe(0);
    expect(move('ArrowDown', list(29))).toBe(29);
  });

  it('wrap around in the palette', () => {
    expect(move('ArrowDown', list(29, { wrap: true }))).toBe(0);
    expect(move('ArrowUp', list(0, { wrap: true }))).toBe(29);
    expect(move('ArrowDown', list(3, { wrap: true }))).toBe(4);
  });

  it('from no active row any move goes to the first', () => {
    expect(move('ArrowUp', list(-1))).toBe(0);
    expect(move('ArrowDown', list(-1))).toBe(0);
    expect(move('PageDown', list(-1, { page: PAGE_ROWS }))).toBe(0);
  });

  it('Page keys move ten rows, or to where the list says, only where the list has them', () => {
    expect(move('PageDown', list(4, { page: PAGE_ROWS }))).toBe(14);
    expect(move('PageDown', list(25, { page: PAGE_ROWS }))).toBe(29);
    expect(move('PageUp', list(4, { page: PAGE_ROWS }))).toBe(0);
    const groups = (from: number, direction: 1 | -1) => (direction === 1 ? from + 7 : 2);
    expect(move('PageDown', list(4, { page: groups }))).toBe(11);
    expect(move('PageUp', list(4, { page: groups }))).toBe(2);
    // Without them the keys are not the list's: the page scrolls.
    expect(move('PageDown', list(4))).toBeNull();
  });

  it('Home and End go to the ends, except in a text field', () => {
    expect(move('Home', list(12, { ends: true }))).toBe(0);
    expect(move('End', list(12, { ends: true }))).toBe(29);
    expect(move('End', list(-1, { ends: true }))).toBe(29);
    expect(move('Home', list(12, { ends: true }), true)).toBeNull();
    expect(move('Home', list(12))).toBeNull();
  });

  it('j and k move only on the board', () => {
    expect(move('j', list(4, { vimKeys: true }))).toBe(5);
    expect(move('k', list(4, { vimKeys: true }))).toBe(3);
    expect(move('j', list(4))).toBeNull();
  });

  it('an empty list still owns its move keys but has no row to go to', () => {
    expect(move('ArrowDown', { count: 0, active: -1 })).toBe(-1);
    expect(move('End', { count: 0, active: 0, ends: true })).toBe(-1);
    expect(move('x', { count: 0, active: -1 })).toBeNull();
  });

  it('other keys are not moves', () => {
    for (const key of ['Enter', 'Escape', '/', 'a', 'ArrowLeft', 'ArrowRight', 'Tab'])
      expect(move(key, list(4, { page: PAGE_ROWS, ends: true, vimKeys: true, wrap: true }))).toBeNull();
  });
});

/** Names the demo derives from others: slugs, customer codes, e-mail local parts. */
import type { Rng } from './random';

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function letters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
}

/** 4–6 uppercase letters, unique, derived from the company name (HARB, NWDG...). */
export function makeCode(name: string, taken: Set<string>, rng: Rng): string {
  const words = name
    .split(/\s+/)
    .map(letters)
    .filter((w) => w.length > 0);
  const [w1 = 'X', w2 = '', w3 = ''] = words;
  const initials = words.map((w) => w[0]).join('');
  const candidates = [
    w1.slice(0, 4),
    w1.slice(0, 2) + w2.slice(0, 2),
    w1.slice(0, 3) + w2.slice(0, 1),
    (initials + w1.slice(1)).slice(0, 4),
    w1.slice(0, 2) + w2.slice(0, 1) + w3.slice(0, 1),
    w1.slice(0, 3) + w2.slice(0, 2),
    w1.slice(0, 4) + w2.slice(0, 1),
    w1.slice(0, 4) + w2.slice(0, 2),
    w1.slice(0, 3) + w2.slice(0, 3),
  ];
  for (const c of candidates) {
    if (c.length >= 4 && c.length <= 6 && !taken.has(c)) return c;
  }
  for (;;) {
    const c = (w1.slice(0, 3) + rng.alnum(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')).slice(0, 6);
    if (c.length >= 4 && !taken.has(c)) return c;
  }
}

export function emailLocal(name: string): string {
  return slug(name).replace(/-/g, '.');
}

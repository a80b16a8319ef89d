/**
 * What a person types into a search box is matched literally: % and _ are not wildcards
 * and a backslash is just a backslash, once it goes through the LIKE helper and a
 * `LIKE ? ESCAPE '\'` comparison.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeLike, likeContaining } from '../../electron/core/db/like';

const db = new Database(':memory:');
afterAll(() => db.close());
db.exec('CREATE TABLE names (name TEXT NOT NULL)');
const NAMES = [
  '100% uptime',
  '1000 uptime',
  'db_prod',
  'dbXprod',
  'C:\\backup',
  'C:backup',
  'Harbour Freight',
];
for (const name of NAMES) db.prepare('INSERT INTO names (name) VALUES (?)').run(name);
const likeQuery = db.prepare("SELECT name FROM names WHERE name LIKE ? ESCAPE '\\' ORDER BY name").pluck();

function matching(pattern: string): string[] {
  return likeQuery.all(pattern) as string[];
}

describe('LIKE pattern escaping', () => {
  it.each([
    ['ordinary text as it is', 'bour', 'bour', ['Harbour Freight']],
    ['a typed % as a percent sign, not as "anything"', '100%', '100\\%', ['100% uptime']],
    ['a typed _ as an underscore, not as "any one character"', 'db_prod', 'db\\_prod', ['db_prod']],
    ['a typed backslash as a backslash, not as the escape', 'C:\\b', 'C:\\\\b', ['C:\\backup']],
  ])('matches %s', (_what, typed, escaped, found) => {
    expect(escapeLike(typed)).toBe(escaped);
    expect(likeContaining(typed)).toBe(`%${escaped}%`);
    expect(matching(likeContaining(typed))).toEqual(found);
  });

  it('escapes every wildcard in the text, and can be anchored by the caller', () => {
    expect(escapeLike('a%b_c\\d%')).toBe('a\\%b\\_c\\\\d\\%');
    expect(matching(`${escapeLike('db_')}%`)).toEqual(['db_prod']);
    expect(matching(`%${escapeLike('% uptime')}`)).toEqual(['100% uptime']);
  });
});

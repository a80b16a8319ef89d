/**
 * What a person types into a search box is matched literally: % and _ are not wildcards
 * and a backslash is just a backslash, once it goes through the LIKE helper and a
 * `LIKE ? ESCAPE '\'` comparison.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeLike, likeContaining } from '../../electron/core/db/like';

const db = new Database(':memory:');
afterAll(() => db.close());
db.exec('CREATE TABLE names (name TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO names (name) VALUES (?)');
for (const name of [
  '100% uptime',
  '1000 uptime',
  'db_prod',
  'dbXprod',
  'C:\\backup',
  'C:backup',
  'Harbour Freight',
])
  insert.run(name);

function matching(pattern: string): string[] {
  return (
    db.prepare("SELECT name FROM names WHERE name LIKE ? ESCAPE '\\' ORDER BY name").all(pattern) as Array<{
      name: string;
    }>
  ).map((r) => r.name);
}

describe('LIKE pattern escaping', () => {
  it('leaves ordinary text as it is', () => {
    expect(escapeLike('Harbour Freight')).toBe('Harbour Freight');
    expect(likeContaining('bour')).toBe('%bour%');
    expect(matching(likeContaining('bour'))).toEqual(['Harbour Freight']);
  });

  it('matches a typed % as a percent sign, not as "anything"', () => {
    expect(escapeLike('100%')).toBe('100\\%');
    expect(matching(likeContaining('100%'))).toEqual(['100% uptime']);
  });

  it('matches a typed _ as an underscore, not as "any one character"', () => {
    expect(escapeLike('db_prod')).toBe('db\\_prod');
    expect(matching(likeContaining('db_prod'))).toEqual(['db_prod']);
  });

  it('matches a typed backslash as a backslash, not as the escape', () => {
    expect(escapeLike('C:\\backup')).toBe('C:\\\\backup');
    expect(matching(likeContaining('C:\\b'))).toEqual(['C:\\backup']);
  });

  it('escapes every wildcard in the text, and can be anchored by the caller', () => {
    expect(escapeLike('a%b_c\\d%')).toBe('a\\%b\\_c\\\\d\\%');
    expect(matching(`${escapeLike('db_')}%`)).toEqual(['db_prod']);
    expect(matching(`%${escapeLike('% uptime')}`)).toEqual(['100% uptime']);
  });
});

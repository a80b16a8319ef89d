/**
 * Local engineer profiles (name, initials) and which one is at the keyboard. #7 replaces
 * them with central identities; until then the active profile's name is what every act
 * recorded on this console is signed with.
 */
import { LifelineError } from '../../../shared/api/result';
import type { Engineer } from '../../../shared/handover/model';
import { initialsOf } from '../../../shared/handover/review';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import type { Db } from '../db/database';
import { cached } from '../db/statements';
import { getSetting, setSetting } from '../settings/settings';

const ACTIVE_KEY = 'active_engineer_id';

interface EngineerRow {
  readonly id: string;
  readonly name: string;
  readonly initials: string;
}

export function listEngineers(db: Db): Engineer[] {
  return db
    .prepare(
      'SELECT id, name, initials FROM engineers WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id',
    )
    .all() as EngineerRow[];
}

export function getEngineer(db: Db, id: string): Engineer | undefined {
  return cached(db, 'SELECT id, name, initials FROM engineers WHERE id = ? AND deleted_at IS NULL').get(id) as
    | EngineerRow
    | undefined;
}

/** The profile at the keyboard, if one was chosen on this console. */
export function activeEngineer(db: Db): Engineer | null {
  // The settings table exists from migration 1; engineers from a later one. A database
  // opened mid-migration never reaches here, so the lookup can assume both.
  const id = getSetting(db, ACTIVE_KEY);
  return id ? (getEngineer(db, id) ?? null) : null;
}

/** For the back end's `author()`: the active profile's name, or undefined when none is chosen. */
export function activeEngineerName(db: Db): string | undefined {
  return activeEngineer(db)?.name;
}

export function saveEngineer(
  db: Db,
  input: { id: string | null; name: string; initials?: string | undefined; activate?: boolean | undefined },
): Engineer {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const initials = (input.initials ?? initialsOf(name)).toUpperCase();
  return db.transaction(() => {
    const clash = db
      .prepare(
        'SELECT id FROM engineers WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id IS NOT ?',
      )
      .get(name, input.id) as { id: string } | undefined;
    if (clash)
      throw new LifelineError(
        'CONFLICT',
        `There is already a profile named "${name}". Switch to it, or give this one another name.`,
      );
    const now = new Date().toISOString();
    let id = input.id;
    if (id === null) {
      id = uuidv7();
      db.prepare(
        'INSERT INTO engineers (id, name, initials, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(id, name, initials, now, now);
    } else {
      const changed = db
        .prepare(
          'UPDATE engineers SET name = ?, initials = ?, updated_at = ?, version = version + 1 WHERE id = ? AND deleted_at IS NULL',
        )
        .run(name, initials, now, id);
      if (changed.changes === 0)
        throw new LifelineError('NOT_FOUND', 'That engineer profile no longer exists; reload the list.');
    }
    if (input.activate) setSetting(db, ACTIVE_KEY, id);
    return { id, name, initials };
  })();
}

export function switchEngineer(db: Db, id: string): void {
  if (!getEngineer(db, id))
    throw new LifelineError(
      'NOT_FOUND',
      'That engineer profile does not exist; pick one from the list or add it.',
    );
  setSetting(db, ACTIVE_KEY, id);
}

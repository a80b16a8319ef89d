/**
 * `lifeline central …` (set up the team's PostgreSQL) and `lifeline sync` (one round for a
 * database, for scripts and cron). The password comes from the URL, the environment or a
 * prompt (cli/password.ts), never from a file.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { LifelineError } from '../../../shared/api/result';
import { SslMode } from '../../../shared/sync/model';
import { migrateCentral } from '../sync/central/schema';
import { classifyFailure, connectCentral, describeCentral, parseCentralUrl } from '../sync/connection';
import { runRound } from '../sync/round';
import { type CliIo, openCommandDatabase, UsageError } from './io';
import { centralPassword } from './password';

export const CENTRAL_HELP = `Usage: lifeline central init --url URL [--sslmode MODE] [--ca FILE]
       lifeline central grant --url URL --team NAME [--member ROLE]... [--customer CODE]...
       lifeline central revoke --url URL --team NAME [--member ROLE]... [--customer CODE]...
       lifeline central grant --url URL --author ROLE...
       lifeline central revoke --url URL --author ROLE...

init creates or migrates the central schema (numbered migrations) and its row-level
security. Run it as the database owner; it also creates the group roles lifeline_engineer
(give it to each engineer's own login role), lifeline_author (may write the shared records:
vendors, playbooks, the internal platform account) and lifeline_admin (sees every customer).
grant adds roles to a team and customers (by code) to a team's care; revoke takes them
away, and the next sync purges those customers from that team's consoles. grant --author
gives a login role lifeline_author; revoke --author takes it away. See
docs/central-security.md.
URL is postgres://USER@HOST:PORT/DATABASE. The password comes from
LIFELINE_CENTRAL_PASSWORD or PGPASSWORD, or a prompt.`;

export const SYNC_HELP = `Usage: lifeline sync --db PATH --url URL [--sslmode MODE] [--ca FILE] [--json]

Runs one sync round for the database at PATH (created empty if missing): push its outbox, pull what changed, purge
customers no longer visible. Prints pulled/pushed/conflicts and exits non-zero when central
cannot be reached or refuses. sslmode is disable, prefer (default), require, verify-ca or
verify-full; --ca gives the CA file for verify-*. The password comes from
LIFELINE_CENTRAL_PASSWORD or PGPASSWORD, or a prompt.`;

const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  sslmode: { type: 'string' },
  ca: { type: 'string' },
} as const;

async function connect(values: {
  url?: string;
  sslmode?: string;
  ca?: string;
}): Promise<{ client: pg.Client; where: string }> {
  if (!values.url) throw new UsageError('--url is required (postgres://USER@HOST:PORT/DATABASE).');
  let sslmode: SslMode | undefined;
  if (values.sslmode !== undefined) {
    const parsedMode = SslMode.safeParse(values.sslmode);
    if (!parsedMode.success) throw new UsageError(`--sslmode must be one of ${SslMode.options.join(', ')}.`);
    sslmode = parsedMode.data;
  }
  const parsed = parseCentralUrl(values.url, {
    ...(sslmode === undefined ? {} : { sslmode }),
    ...(values.ca === undefined ? {} : { caFile: path.resolve(values.ca) }),
  });
  const pw = await centralPassword(new URL(values.url));
  try {
    return {
      client: await connectCentral(parsed.config, pw.password),
      where: describeCentral(parsed.config),
    };
  } catch (e) {
    throw new LifelineError('UNAVAILABLE', classifyFailure(e, parsed.config).message);
  }
}

async function centralInit(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: CONNECTION_OPTIONS, strict: true });
  const { client, where } = await connect(values);
  try {
    const r = await migrateCentral(client);
    if (r.applied.length === 0) io.out(`Central at ${where} is up to date (schema version ${r.to}).`);
    else io.out(`Central at ${where}: schema ${r.from} → ${r.to} (applied ${r.applied.join('; ')}).`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function centralAccess(args: string[], io: CliIo, grant: boolean): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      team: { type: 'string' },
      member: { type: 'string', multiple: true },
      customer: { type: 'string', multiple: true },
      author: { type: 'string', multiple: true },
    },
    strict: true,
  });
  if (values.author !== undefined) {
    if (values.team || values.member || values.customer)
      throw new UsageError('--author goes alone: grant teams and authors in separate commands.');
    return centralAuthors(values, values.author, io, grant);
  }
  if (!values.team) throw new UsageError('--team is required (or --author ROLE).');
  const members = values.member ?? [];
  const customers = values.customer ?? [];
  if (members.length === 0 && customers.length === 0)
    throw new UsageError('give at least one --member or --customer.');
  return inTransaction(values, async (client) => {
    if (grant)
      await client.query('INSERT INTO lifeline.teams (name) VALUES ($1) ON CONFLICT DO NOTHING', [
        values.team,
      ]);
    const ids: string[] = [];
    for (const code of customers) {
      const r = await client.query<{ id: string }>(
        "SELECT id FROM lifeline.records WHERE entity = 'customer' AND (data->>'code' = $1 OR id = $1) AND NOT deleted",
        [code],
      );
      const id = r.rows[0]?.id;
      if (!id) {
        throw new LifelineError(
          'NOT_FOUND',
          `Central has no customer with code ${code}. Sync the console that created it first.`,
        );
      }
      ids.push(id);
    }
    for (const m of members) {
      await client.query(
        grant
          ? 'INSERT INTO lifeline.team_members (team, role_name) VALUES ($1, $2) ON CONFLICT DO NOTHING'
          : 'DELETE FROM lifeline.team_members WHERE team = $1 AND role_name = $2',
        [values.team, m],
      );
    }
    for (const id of ids) {
      await client.query(
        grant
          ? 'INSERT INTO lifeline.customer_teams (customer_id, team) VALUES ($1, $2) ON CONFLICT DO NOTHING'
          : 'DELETE FROM lifeline.customer_teams WHERE customer_id = $1 AND team = $2',
        [id, values.team],
      );
    }
    return () => {
      const what = [...members.map((m) => `engineer ${m}`), ...customers.map((c) => `customer ${c}`)].join(
        ', ',
      );
      io.out(grant ? `Team ${values.team}: added ${what}.` : `Team ${values.team}: removed ${what}.`);
    };
  });
}

/**
 * Connects, runs `change` in one transaction and commits, then reports what it did (the
 * function `change` returns); anything thrown rolls the whole change back.
 */
async function inTransaction(
  connection: { url?: string; sslmode?: string; ca?: string },
  change: (client: pg.Client) => Promise<() => void>,
): Promise<number> {
  const { client } = await connect(connection);
  try {
    await client.query('BEGIN');
    const report = await change(client);
    await client.query('COMMIT');
    report();
    return 0;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Gives login roles the author role (writes shared records) or takes it away. */
async function centralAuthors(
  connection: { url?: string; sslmode?: string; ca?: string },
  roles: readonly string[],
  io: CliIo,
  grant: boolean,
): Promise<number> {
  return inTransaction(connection, async (client) => {
    for (const role of roles) {
      const r = await client.query<{ login: boolean }>(
        'SELECT rolcanlogin AS login FROM pg_catalog.pg_roles WHERE rolname = $1',
        [role],
      );
      if (!r.rows[0]) {
        throw new LifelineError(
          'NOT_FOUND',
          `Central has no role ${role}. Create the engineer's login first (CREATE ROLE ${role} LOGIN IN ROLE lifeline_engineer).`,
        );
      }
      const name = client.escapeIdentifier(role);
      await client.query(grant ? `GRANT lifeline_author TO ${name}` : `REVOKE lifeline_author FROM ${name}`);
    }
    const who = roles.join(', ');
    return () =>
      io.out(
        grant
          ? `Authors: added ${who} (may write vendors, playbooks and the internal platform account).`
          : `Authors: removed ${who}.`,
      );
  });
}

export async function centralCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'init':
      return centralInit(rest, io);
    case 'grant':
      return centralAccess(rest, io, true);
    case 'revoke':
      return centralAccess(rest, io, false);
    default:
      throw new UsageError(`unknown subcommand "${sub ?? ''}": use init, grant or revoke.`);
  }
}

export async function syncCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, db: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (!values.db) throw new UsageError('--db is required.');
  const file = path.resolve(values.db);
  // A new console's first sync may start from no file: the database is created empty.
  const { db } = openCommandDatabase(file);
  try {
    const { client, where } = await connect(values);
    try {
      const summary = await runRound(db, client);
      if (values.json) io.out(JSON.stringify(summary));
      else {
        io.out(
          `Synced with ${where} in ${summary.ms} ms: pulled ${summary.pulled}, pushed ${summary.pushed}, conflicts ${summary.conflicts}, purged customers ${summary.purgedCustomers}, refused ${summary.denied}${summary.parked > 0 ? `, parked ${summary.parked} (waiting for a parent this console does not hold)` : ''}.`,
        );
      }
      return summary.conflicts > 0 || summary.denied > 0 ? 3 : 0;
    } catch (e) {
      throw new LifelineError('UNAVAILABLE', classifyFailure(e, null).message);
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    db.close();
  }
}

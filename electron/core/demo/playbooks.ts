/** The core playbooks, with their versions as they were written over time. */
import { ENGINEERS } from './catalog-data';
import type { DemoContext } from './context';
import { DAY, type PlaybookRef, type PlaybookVersionRef } from './model';
import { CORE_PLAYBOOKS, type CorePlaybookSeed, type PlaybookBody, type PlaybookStep } from './playbook-data';
import { iso, syncColumns } from './rows';

export function writePlaybooks(ctx: DemoContext): PlaybookRef[] {
  const refs: PlaybookRef[] = [];
  for (const seed of CORE_PLAYBOOKS) {
    const hasV2 = seed.steps.some((s) => s.addedIn === 2);
    const v1Ms = ctx.between(ctx.nowMs - 900 * DAY, ctx.nowMs - 300 * DAY);
    const versions: PlaybookVersionRef[] = [{ number: 1, createdMs: v1Ms, body: bodyFor(seed, 1) }];
    if (hasV2) {
      versions.push({
        number: 2,
        createdMs: ctx.between(ctx.nowMs - 250 * DAY, ctx.nowMs - 20 * DAY),
        body: bodyFor(seed, 2),
      });
    }
    const latest = versions[versions.length - 1]!;
    const owner = ctx.rng.pick(ENGINEERS);
    // A third of the playbooks are overdue for their 90-day review.
    const reviewedMs = ctx.rng.chance(0.3)
      ? ctx.between(Math.max(v1Ms, ctx.nowMs - 400 * DAY), ctx.nowMs - 100 * DAY)
      : ctx.between(Math.max(latest.createdMs, ctx.nowMs - 80 * DAY), ctx.nowMs - DAY);
    const id = ctx.id(v1Ms);
    ctx.w.insert('playbooks', {
      id,
      title: seed.title,
      current_version: latest.number,
      owner,
      review_interval_days: 90,
      reviewed_at: iso(reviewedMs),
      source: 'demo',
      source_id: seed.key,
      ...syncColumns(v1Ms, Math.max(latest.createdMs, reviewedMs)),
    });
    for (const v of versions) {
      ctx.w.insert('playbook_versions', {
        id: ctx.id(v.createdMs),
        playbook_id: id,
        number: v.number,
        body: JSON.stringify(v.body),
        author: v.number === 1 ? owner : ctx.rng.pick(ENGINEERS),
        created_at: iso(v.createdMs),
      });
    }
    refs.push({ id, seed, versions });
  }
  return refs;
}

/** The core body as of a version: steps added later are left out. */
function bodyFor(seed: CorePlaybookSeed, version: 1 | 2): PlaybookBody {
  let n = 0;
  const ids = new Map<number, string>();
  // Steps of v1 keep s1..sN; later additions get the next numbers, wherever they sit.
  seed.steps.forEach((s, i) => {
    if (s.addedIn === 1) ids.set(i, `s${++n}`);
  });
  seed.steps.forEach((s, i) => {
    if (s.addedIn === 2) ids.set(i, `s${++n}`);
  });
  const steps: PlaybookStep[] = [];
  seed.steps.forEach((s, i) => {
    if (s.addedIn > version) return;
    steps.push({
      id: ids.get(i)!,
      title: s.title,
      instruction: s.instruction,
      command: s.command,
      expected: s.expected,
      timeboxMinutes: s.timeboxMinutes,
      kind: s.kind,
      customizable: s.customizable,
    });
  });
  return {
    summary: seed.summary,
    appliesTo: {
      assetKinds: [...seed.assetKinds],
      tags: [...seed.tags],
      symptoms: [...seed.symptoms],
      ...(seed.risk ? { risk: seed.risk } : {}),
    },
    restoreTargetMinutes: seed.restoreTargetMinutes,
    parameters: seed.parameters.map(({ name, type, default: def, description }) => ({
      name,
      type,
      default: def,
      description,
    })),
    steps,
  };
}

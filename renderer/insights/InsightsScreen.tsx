/**
 * Insights: how restoration is going, from the local incident log. Three views — restore
 * times, playbook effectiveness, process health — each table sortable and exportable.
 */

import { useEffect, useState } from 'react';
import type {
  CustomizationRow,
  FreshnessRow,
  GroupKind,
  InsightsReport,
  PlaybookEffectiveness,
  RestorationRow,
  StepFigure,
} from '../../shared/insights/model';
import { routeHref } from '../app/router';
import { markReady } from '../app/store';
import { duration } from './format';
import { type Column, SortableTable } from './SortableTable';
import { useInsights } from './store';
import { TrendChart } from './TrendChart';
import './insights.css';

const VIEWS = [
  { id: 'restore', label: 'Restore times' },
  { id: 'playbooks', label: 'Playbook effectiveness' },
  { id: 'health', label: 'Process health' },
] as const;
type View = (typeof VIEWS)[number]['id'];

const GROUP_LABELS: Readonly<Record<GroupKind, string>> = {
  customer: 'Customer',
  playbook: 'Playbook',
  severity: 'Severity',
  week: 'Week (UTC)',
  month: 'Month (UTC)',
};

/** Minutes rounded to one decimal for display and export (the figures are exact underneath). */
const min1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** A column of minutes: exported to one decimal, shown as a duration, sorted as a number. */
function minutesColumn<R>(key: string, label: string, get: (r: R) => number | null): Column<R> {
  return { key, label, value: (r) => min1(get(r)), render: (r) => duration(get(r)), numeric: true };
}

function restorationColumns(kind: GroupKind): Column<RestorationRow>[] {
  return [
    { key: 'label', label: GROUP_LABELS[kind], value: (r) => (kind === 'week' ? r.key : r.label) },
    { key: 'incidents', label: 'Incidents', value: (r) => r.incidents, numeric: true },
    { key: 'restored', label: 'Restored', value: (r) => r.restored, numeric: true },
    { key: 'open', label: 'Open', value: (r) => r.open, numeric: true },
    minutesColumn('ttaMedian', 'TTA median', (r) => r.ttaMedian),
    minutesColumn('ttaP90', 'TTA p90', (r) => r.ttaP90),
    minutesColumn('ttrMedian', 'TTR median', (r) => r.ttrMedian),
    minutesColumn('ttrP90', 'TTR p90', (r) => r.ttrP90),
    {
      key: 'breaches',
      label: 'Breaches',
      value: (r) => r.breaches,
      render: (r) => <span className={r.breaches > 0 ? 'ins-bad' : undefined}>{r.breaches}</span>,
      numeric: true,
    },
  ];
}

const PLAYBOOK_COLUMNS: Column<PlaybookEffectiveness>[] = [
  { key: 'title', label: 'Playbook', value: (r) => r.title },
  { key: 'runs', label: 'Runs', value: (r) => r.runs, numeric: true },
  { key: 'restored', label: 'Restored', value: (r) => r.restored, numeric: true },
  { key: 'abandoned', label: 'Abandoned', value: (r) => r.abandoned, numeric: true },
  { key: 'open', label: 'Open', value: (r) => r.open, numeric: true },
  {
    key: 'restoreRate',
    label: 'Restore rate',
    value: (r) => (r.restoreRate === null ? null : Math.round(r.restoreRate * 1000) / 1000),
    render: (r) => pct(r.restoreRate),
    numeric: true,
  },
  minutesColumn('ttrMedian', 'TTR median', (r) => r.ttrMedian),
];

const seconds = (v: number | null): string => (v === null ? '—' : duration(v / 60));

const STEP_COLUMNS: Column<StepFigure>[] = [
  { key: 'playbook', label: 'Playbook', value: (r) => r.playbookTitle },
  { key: 'step', label: 'Step', value: (r) => r.stepTitle },
  { key: 'recorded', label: 'Recorded', value: (r) => r.recorded, numeric: true },
  {
    key: 'failed',
    label: 'Failed',
    value: (r) => r.failed,
    render: (r) => <span className={r.failed > 0 ? 'ins-bad' : undefined}>{r.failed}</span>,
    numeric: true,
  },
  { key: 'skipped', label: 'Skipped', value: (r) => r.skipped, numeric: true },
  {
    key: 'median',
    label: 'Median time',
    value: (r) => r.medianSeconds,
    render: (r) => seconds(r.medianSeconds),
    numeric: true,
  },
  { key: 'timebox', label: 'Time box (min)', value: (r) => r.timeboxMinutes, numeric: true },
  {
    key: 'over',
    label: 'vs time box',
    value: (r) => (r.overTimebox === null ? null : Math.round(r.overTimebox * 100) / 100),
    render: (r) => (
      <span className={r.overTimebox !== null && r.overTimebox > 1 ? 'ins-bad' : undefined}>
        {pct(r.overTimebox)}
      </span>
    ),
    numeric: true,
  },
];

const CUSTOMIZATION_COLUMNS: Column<CustomizationRow>[] = [
  { key: 'title', label: 'Playbook', value: (r) => r.title },
  { key: 'asIs', label: 'Customers as is', value: (r) => r.customersAsIs, numeric: true },
  { key: 'overlay', label: 'With overlay', value: (r) => r.customersWithOverlay, numeric: true },
  {
    key: 'beyond',
    label: 'Beyond bound',
    value: (r) => r.beyondBound,
    render: (r) => <span className={r.beyondBound > 0 ? 'ins-bad' : undefined}>{r.beyondBound}</span>,
    numeric: true,
  },
  { key: 'drifted', label: 'Drifted', value: (r) => r.drifted, numeric: true },
];

const FRESHNESS_COLUMNS: Column<FreshnessRow>[] = [
  { key: 'kind', label: 'Kind', value: (r) => r.kind },
  { key: 'name', label: 'Name', value: (r) => r.name },
  {
    key: 'state',
    label: 'Review',
    value: (r) => r.state,
    render: (r) => <span className="ins-bad">{r.state === 'never' ? 'never reviewed' : 'overdue'}</span>,
  },
  {
    key: 'reviewedAt',
    label: 'Last reviewed',
    value: (r) => (r.reviewedAt === null ? null : r.reviewedAt.slice(0, 10)),
  },
  { key: 'days', label: 'Days overdue', value: (r) => r.daysOverdue, numeric: true },
];

function Kpi({
  label,
  value,
  bad,
}: {
  readonly label: string;
  readonly value: string;
  readonly bad?: boolean;
}) {
  return (
    <div className="ins-kpi">
      <div className="ins-kpi__value">
        <span className={bad ? 'ins-bad' : undefined}>{value}</span>
      </div>
      <div className="label">{label}</div>
    </div>
  );
}

function RestoreView({ report }: { readonly report: InsightsReport }) {
  const [group, setGroup] = useState<GroupKind>('customer');
  const t = report.totals;
  return (
    <>
      <div className="ins-kpis">
        <Kpi label="Incidents" value={String(t.incidents)} />
        <Kpi label="Still open" value={String(t.open)} />
        <Kpi label="Time to acknowledge, median" value={duration(t.ttaMedian)} />
        <Kpi label="Time to restore, median" value={duration(t.ttrMedian)} />
        <Kpi label="Time to restore, p90" value={duration(t.ttrP90)} />
        <Kpi label="Target breaches" value={String(t.breaches)} bad={t.breaches > 0} />
      </div>
      <section className="ins-card" aria-label="Weekly trend">
        <header className="ins-card__head">
          <div>
            <h2 className="ins-card__title">Weekly median time to restore and breaches</h2>
            <p className="ins-card__caption">
              Weeks start Monday 00:00 UTC; incidents fall in the week their restore clock started.
            </p>
          </div>
        </header>
        {report.groups.week.length === 0 ? (
          <p className="ins-empty">No incidents in the log yet.</p>
        ) : (
          <TrendChart weeks={report.groups.week} />
        )}
      </section>
      <fieldset className="ins-segmented">
        <legend className="visually-hidden">Group by</legend>
        {(Object.keys(GROUP_LABELS) as GroupKind[]).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={group === k}
            className={`ins-segmented__item${group === k ? ' ins-segmented__item--on' : ''}`}
            onClick={() => setGroup(k)}
          >
            {GROUP_LABELS[k]}
          </button>
        ))}
      </fieldset>
      <SortableTable
        key={group}
        title={`Time to acknowledge and restore by ${GROUP_LABELS[group].toLowerCase()}`}
        caption="Minutes from the restore clock's start. Open incidents count in breaches once past their deadline, never in time to restore."
        rows={report.groups[group]}
        columns={restorationColumns(group)}
        rowKey={(r) => r.key}
        fileName={`insights-restore-by-${group}.csv`}
        empty="No incidents in the log yet."
      />
    </>
  );
}

function PlaybooksView({ report }: { readonly report: InsightsReport }) {
  return (
    <>
      <SortableTable
        title="Runs per playbook"
        caption="A run is restored when service came back while it was the incident's latest run."
        rows={report.playbooks}
        columns={PLAYBOOK_COLUMNS}
        rowKey={(r) => r.playbookId}
        fileName="insights-playbooks.csv"
        empty="No playbook has run yet."
      />
      <SortableTable
        title="Slowest steps against their time boxes"
        caption="Median time since the run's previous recorded step; above 100% the step overruns its time box."
        rows={[...report.steps]
          .filter((s) => s.overTimebox !== null)
          .sort((a, b) => (b.overTimebox ?? 0) - (a.overTimebox ?? 0))
          .slice(0, 15)}
        columns={STEP_COLUMNS}
        rowKey={(r) => `${r.playbookId}/${r.stepId}`}
        fileName="insights-slowest-steps.csv"
        empty="No timed step records yet."
      />
      <SortableTable
        title="Steps most often failed or skipped"
        caption="Every step with a recorded outcome, most failed or skipped first."
        rows={report.steps}
        columns={STEP_COLUMNS}
        rowKey={(r) => `${r.playbookId}/${r.stepId}`}
        fileName="insights-steps.csv"
        empty="No step outcomes recorded yet."
      />
    </>
  );
}

type MissingReview = InsightsReport['reviews']['missing'][number];

const MISSING_REVIEW_COLUMNS: Column<MissingReview>[] = [
  { key: 'severity', label: 'Severity', value: (r) => r.severity.toUpperCase() },
  { key: 'customer', label: 'Customer', value: (r) => r.customerName },
  { key: 'restoredAt', label: 'Restored (UTC)', value: (r) => r.restoredAt.slice(0, 16).replace('T', ' ') },
  {
    key: 'review',
    label: 'Review',
    value: () => 'missing',
    render: (r) => (
      <a href={routeHref({ screen: 'incidents', path: [r.incidentId, 'review'], params: {} })}>
        Write review
      </a>
    ),
  },
];

function HealthView({ report }: { readonly report: InsightsReport }) {
  const rv = report.reviews;
  return (
    <>
      <div className="ins-kpis" data-testid="review-kpis">
        <Kpi
          label="SEV1/SEV2 restored with a published review"
          value={
            rv.share === null ? '—' : `${Math.round(rv.share * 100)} % (${rv.reviewed} of ${rv.eligible})`
          }
          bad={rv.share !== null && rv.share < 0.5}
        />
        <Kpi label="Restore to review, median" value={duration(rv.medianMinutesToReview)} />
        <Kpi label="Restore to review, p90" value={duration(rv.p90MinutesToReview)} />
      </div>
      <SortableTable
        title="SEV1/SEV2 incidents without a review"
        caption="The most recently restored ones (up to 20)."
        rows={rv.missing}
        columns={MISSING_REVIEW_COLUMNS}
        rowKey={(r) => r.incidentId}
        fileName="insights-missing-reviews.csv"
        empty="Every restored SEV1/SEV2 incident has a published review."
      />
      <SortableTable
        title="Customization report"
        caption={`Beyond bound: a customer overlay with more than ${report.customization.bound} overrides of the core playbook.`}
        rows={report.customization.rows}
        columns={CUSTOMIZATION_COLUMNS}
        rowKey={(r) => r.playbookId}
        fileName="insights-customization.csv"
        empty="No playbooks yet."
      />
      <SortableTable
        title="Documentation freshness"
        caption="Playbooks and customer records whose review is overdue or never happened: the local copy may be out of date."
        rows={report.freshness}
        columns={FRESHNESS_COLUMNS}
        rowKey={(r) => `${r.kind}/${r.id}`}
        fileName="insights-freshness.csv"
        empty="Every playbook and customer record is within its review interval."
      />
    </>
  );
}

export function InsightsScreen() {
  const { value, status, error, open, refresh } = useInsights();
  const [view, setView] = useState<View>('restore');
  useEffect(() => {
    void open({});
  }, [open]);
  useEffect(() => {
    if (status === 'ready' || status === 'failed') markReady();
  }, [status]);

  return (
    <section className="screen" aria-labelledby="insights-title">
      <header className="screen__header ins-head">
        <div>
          <h1 id="insights-title" className="screen__title">
            Insights
          </h1>
          <p className="screen__subtitle">
            From this console's incident log, offline. Periods are in UTC.
            {value ? ` As of ${value.now.slice(0, 16).replace('T', ' ')} UTC.` : ''}
          </p>
        </div>
        <div className="ins-tabs" role="tablist" aria-label="Insights views">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              aria-selected={view === v.id}
              className={`ins-tab${view === v.id ? ' ins-tab--on' : ''}`}
              onClick={() => setView(v.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
      </header>
      <div className="screen__body ins-body">
        {status === 'failed' && error ? (
          <div className="ins-error" role="alert">
            <p>{error.message}</p>
            <button type="button" className="button" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        ) : value === null ? (
          <p className="ins-empty">Computing figures from the log…</p>
        ) : view === 'restore' ? (
          <RestoreView report={value} />
        ) : view === 'playbooks' ? (
          <PlaybooksView report={value} />
        ) : (
          <HealthView report={value} />
        )}
      </div>
    </section>
  );
}

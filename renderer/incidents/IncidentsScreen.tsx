/**
 * The incidents screen routes inside itself: `#/incidents` the board, `#/incidents/new?…`
 * starting one (from an alert, a customer or an asset), `#/incidents/<id>` the runner.
 */
import { ReviewPage } from '../reviews/ReviewPage';
import { Board } from './Board';
import { Runner } from './Runner';
import { StartIncident } from './StartIncident';
import './incidents.css';

export function IncidentsScreen({
  path,
  params,
}: {
  readonly path: readonly string[];
  readonly params: Readonly<Record<string, string>>;
}) {
  const [head] = path;
  if (!head) return <Board />;
  if (head === 'new') return <StartIncident params={params} />;
  if (path[1] === 'review') return <ReviewPage incidentId={head} />;
  return <Runner incidentId={head} />;
}

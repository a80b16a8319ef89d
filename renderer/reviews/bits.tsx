/** Small pieces the review screens share: the link to a line's event, the route to a review. */
import { routeHref } from '../app/router';

export const reviewHref = (incidentId: string) =>
  routeHref({ screen: 'incidents', path: [incidentId, 'review'], params: {} });

/** Where a drafted line came from: the event in the incident's timeline. */
export function EventLink({
  incidentId,
  eventId,
}: {
  readonly incidentId: string;
  readonly eventId: string | null;
}) {
  if (!eventId) return <span className="rv-src rv-src--mine">written here</span>;
  return (
    <a
      className="rv-src"
      href={routeHref({ screen: 'incidents', path: [incidentId], params: { event: eventId } })}
      title={`From event ${eventId} of the incident's log`}
    >
      event …{eventId.slice(-6)}
    </a>
  );
}

export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

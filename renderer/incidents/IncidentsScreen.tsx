import { Placeholder } from '../app/Placeholder';

export function IncidentsScreen() {
  return (
    <Placeholder
      title="Incidents"
      headline="Incidents arrive in a later release"
      icon="incidents"
      willHold="Open incidents with severity, time since opened against the restore target, the playbook being followed and who holds it — and an append-only log of every step, call and escalation."
      meanwhile="For now, open a customer's recovery card from Customers to see targets, contacts and contracts."
    />
  );
}

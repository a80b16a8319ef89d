import { Placeholder } from '../app/Placeholder';

export function HandoverScreen() {
  return (
    <Placeholder
      title="Handovers"
      headline="Shift handovers arrive in a later release"
      icon="handover"
      willHold="Shift handovers generated from the incident log — open incidents, where each stands, next steps, things to watch — for the incoming engineer to review and acknowledge."
      meanwhile="Until then, hand over as you do today; customer details for your notes are under Customers."
    />
  );
}

import { Placeholder } from '../app/Placeholder';

export function PlaybooksScreen() {
  return (
    <Placeholder
      title="Playbooks"
      headline="Playbooks arrive in a later release"
      icon="playbooks"
      willHold="Core recovery playbooks per failure mode, each customer's overlay on them, and how far each overlay drifts from core."
      meanwhile="For now, follow your team's runbooks; the recovery card under Customers has the contacts and vendor lines you will need."
    />
  );
}

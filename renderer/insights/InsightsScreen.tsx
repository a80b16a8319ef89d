import { Placeholder } from '../app/Placeholder';

export function InsightsScreen() {
  return (
    <Placeholder
      title="Insights"
      headline="Insights arrive in a later release"
      icon="insights"
      willHold="Time-to-restore per playbook and per step, which steps fail or need rework, and which customer records are overdue for review."
      meanwhile="Review state is already visible now: the Customers list flags every record that is overdue or never reviewed."
    />
  );
}

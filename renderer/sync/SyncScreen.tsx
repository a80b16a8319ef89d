import { Placeholder } from '../app/Placeholder';

export function SyncScreen() {
  return (
    <Placeholder
      title="Sync"
      headline="Sync with the central store arrives in a later release"
      icon="sync"
      willHold="The link to the team's central store: last pull, changes waiting to be pushed, and conflicts to resolve. This console works fully offline from its local copy."
      meanwhile="This console runs on its local copy only (see the status bar). Everything under Customers works without a network."
    />
  );
}

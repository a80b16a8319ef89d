/**
 * Playbooks (container): routes inside the screen.
 *   #/playbooks                                  library
 *   #/playbooks/new                              new playbook
 *   #/playbooks/reviews                          reviews due
 *   #/playbooks/suggestions                      feedback from post-incident reviews
 *   #/playbooks/report?bound=N                   customization report
 *   #/playbooks/<id>?from=&to=                   detail (with a diff between two versions)
 *   #/playbooks/<id>/edit                        editor
 *   #/playbooks/<id>/preview?customer=&asset=    the playbook as the engineer sees it
 *   #/playbooks/<id>/overlays/<customerId>       a customer's overlay
 */
import { SuggestionsPage } from '../reviews/Suggestions';
import { PlaybookDetailPage } from './DetailPage';
import { PlaybookEditor } from './EditorPage';
import { Library } from './Library';
import { OverlayEditor } from './OverlayEditor';
import { PreviewPage } from './PreviewPage';
import { ReportPage, ReviewsPage } from './ReportPages';
import './playbooks.css';

export function PlaybooksScreen({
  path,
  params,
}: {
  readonly path: readonly string[];
  readonly params: Readonly<Record<string, string>>;
}) {
  const [head, sub, arg] = path;
  if (!head) return <Library />;
  if (head === 'new') return <PlaybookEditor playbookId={null} />;
  if (head === 'reviews') return <ReviewsPage />;
  if (head === 'suggestions') return <SuggestionsPage />;
  if (head === 'report') return <ReportPage bound={params.bound} />;
  if (sub === 'edit') return <PlaybookEditor playbookId={head} />;
  if (sub === 'preview')
    return (
      <PreviewPage playbookId={head} customerId={params.customer ?? null} assetId={params.asset ?? null} />
    );
  if (sub === 'overlays' && arg) return <OverlayEditor playbookId={head} customerId={arg} />;
  return <PlaybookDetailPage playbookId={head} from={params.from} to={params.to} />;
}

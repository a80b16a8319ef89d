/** What other slices use from playbooks: the review badge and the go-bag download. */
export { ReviewBadge } from './bits';
export { GobagButton } from './GobagButton';

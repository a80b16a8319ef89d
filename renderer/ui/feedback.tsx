/** Presentational pieces for loading, empty and failed states. */
import type { ReactNode } from 'react';
import type { ApiError } from '../../shared/api/result';
import { adviseOn } from '../app/errors';
import { Icon, type IconName } from './icons';

export function ErrorPanel({
  error,
  doing,
  onRetry,
  children,
}: {
  readonly error: ApiError;
  readonly doing: string;
  readonly onRetry?: () => void;
  readonly children?: ReactNode;
}) {
  const advice = adviseOn(error, doing);
  return (
    <div className="error-panel" role="alert">
      <Icon name="warning" size={20} />
      <div className="error-panel__body">
        <p className="error-panel__title">{advice.title}</p>
        <p className="error-panel__detail">{advice.detail}</p>
        <p className="error-panel__hint">{advice.hint}</p>
        <div className="error-panel__actions">
          {onRetry && (
            <button type="button" className="button button--primary" onClick={onRetry}>
              Retry
            </button>
          )}
          {children}
        </div>
      </div>
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
}: {
  readonly icon: IconName;
  readonly title: string;
  readonly children?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <div className="empty-state__icon">
        <Icon name={icon} size={28} />
      </div>
      <h2 className="empty-state__title">{title}</h2>
      <div className="empty-state__body">{children}</div>
    </div>
  );
}

export function SkeletonLines({ rows, label }: { readonly rows: number; readonly label: string }) {
  return (
    <div className="skeleton" role="progressbar" aria-label={label} aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <div key={i} className="skeleton__line" style={{ width: `${60 + ((i * 37) % 40)}%` }} />
      ))}
    </div>
  );
}

export function Kbd({ children }: { readonly children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}

/** Placeholder shaped like the recovery card, so the layout does not jump when it arrives. */
export function CardSkeleton() {
  return (
    <div className="card-skeleton" role="progressbar" aria-label="Loading recovery card" aria-busy="true">
      <div className="skeleton__line card-skeleton__code" />
      <div className="skeleton__line card-skeleton__title" />
      <div className="card-skeleton__row">
        <div className="skeleton__block" />
        <div className="skeleton__block" />
      </div>
      <div className="skeleton__block skeleton__block--tall" />
      <div className="skeleton__block skeleton__block--tall" />
    </div>
  );
}

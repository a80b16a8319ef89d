/** Small presentational pieces for assets: kind tag, links, shared-platform mark, copy button. */
import { type MouseEvent, useState } from 'react';
import type { AssetKind } from '../../shared/catalog/labels';
import { routeHref } from '../app/router';
import { KIND_SHORT, kindLabel } from './assetKinds';
import { Icon } from './icons';

export function KindTag({ kind }: { readonly kind: AssetKind }) {
  return (
    <span className={`kind kind--${kind}`} title={kindLabel(kind)}>
      {KIND_SHORT[kind]}
    </span>
  );
}

export function CriticalityTag({ criticality }: { readonly criticality: string }) {
  return <span className={`crit crit--${criticality}`}>{criticality}</span>;
}

/** Marks an asset that belongs to another account: a shared platform several customers need. */
export function SharedMark({ code }: { readonly code: string }) {
  return (
    <span
      className="shared-mark"
      title={`Shared platform, owned by ${code}: other customers depend on it too`}
    >
      shared · {code}
    </span>
  );
}

export function AssetLink({
  id,
  name,
  kind,
  sharedCode,
  className,
}: {
  readonly id: string;
  readonly name: string;
  readonly kind?: AssetKind;
  readonly sharedCode?: string | null;
  readonly className?: string;
}) {
  return (
    <a
      className={`asset-link${className ? ` ${className}` : ''}`}
      href={routeHref({ screen: 'asset', assetId: id })}
    >
      {kind && <KindTag kind={kind} />}
      <span className="asset-link__name">{name}</span>
      {sharedCode && <SharedMark code={sharedCode} />}
    </a>
  );
}

export function CopyButton({ text, label }: { readonly text: string; readonly label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
    void navigator.clipboard
      ?.writeText(text)
      .then(() => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1200);
      })
      .catch(() => setCopied(false));
  };
  return (
    <button
      type="button"
      className={`icon-button copy${copied ? ' copy--done' : ''}`}
      aria-label={copied ? `${label} copied` : `Copy ${label}`}
      title={copied ? 'Copied' : `Copy ${label}`}
      onClick={copy}
    >
      <Icon name={copied ? 'check' : 'copy'} size={13} />
    </button>
  );
}

export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

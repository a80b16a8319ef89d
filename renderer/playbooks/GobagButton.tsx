/**
 * The go-bag download: a customer's recovery card and effective playbooks as one document
 * to keep offline. Markdown for a wiki or git; HTML opens in any browser and prints to PDF.
 */
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { useApp } from '../app/store';
import { Icon } from '../ui/icons';
import './bits.css';

type Format = 'md' | 'html';

function download(fileName: string, content: string, format: Format): void {
  const type = format === 'md' ? 'text/markdown;charset=utf-8' : 'text/html;charset=utf-8';
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser the time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function GobagButton({ customerId }: { readonly customerId: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<Format | 'print' | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);

  const run = async (format: Format, print: boolean) => {
    setBusy(print ? 'print' : format);
    const result = await api.call('gobag:export', { customerId, format });
    setBusy(null);
    setOpen(false);
    if (!result.ok) {
      useApp.getState().reportError(result.error, 'export the go-bag');
      return;
    }
    download(result.value.fileName, result.value.content, format);
    useApp
      .getState()
      .notify(
        print ? 'Go-bag saved as HTML: open it and print to PDF' : `Go-bag saved: ${result.value.fileName}`,
        print
          ? `Open ${result.value.fileName} in a browser and use Print (Ctrl+P) → Save as PDF. SHA-256 ${result.value.sha256.slice(0, 12)}…`
          : `SHA-256 ${result.value.sha256.slice(0, 12)}… · generated ${result.value.generatedAt}`,
      );
  };

  return (
    <div className="pb-gobag" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
          }
        }}
        data-testid="gobag-button"
      >
        <Icon name="import" size={14} /> {busy ? 'Preparing…' : 'Go-bag'}
        <Icon name="chevron" size={12} />
      </button>
      {open && (
        <div
          className="pb-gobag__menu"
          role="menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <button
            type="button"
            role="menuitem"
            className="pb-gobag__item"
            autoFocus
            onClick={() => void run('md', false)}
          >
            <strong>Markdown (.md)</strong>
            <span className="pb-gobag__hint">For a wiki or a git repository</span>
          </button>
          <button
            type="button"
            role="menuitem"
            className="pb-gobag__item"
            onClick={() => void run('html', false)}
          >
            <strong>Web page (.html)</strong>
            <span className="pb-gobag__hint">Opens in any browser, offline</span>
          </button>
          <button
            type="button"
            role="menuitem"
            className="pb-gobag__item"
            onClick={() => void run('html', true)}
          >
            <strong>Print / PDF</strong>
            <span className="pb-gobag__hint">Saves the .html: open it and print to PDF</span>
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * Modal dialogs: role="dialog" with aria-labelledby, focus kept inside while open and given
 * back to where it was on close. Dialogs may stack (a confirm over an editor); only the top
 * one reacts to keys, because key events stop at the dialog they happen in.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from '../ui/icons';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.offsetParent !== null || el === document.activeElement,
  );
}

export function Modal({
  title,
  subtitle,
  size = 'medium',
  onRequestClose,
  onKeyDown,
  footer,
  children,
  testId,
}: {
  readonly title: ReactNode;
  readonly subtitle?: ReactNode;
  readonly size?: 'small' | 'medium' | 'large';
  /** Escape, the close button or a click outside: the owner decides (e.g. confirm when dirty). */
  readonly onRequestClose: () => void;
  readonly onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  readonly footer?: ReactNode;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const returnTo = document.activeElement;
    const root = panel.current;
    if (root) {
      const preferred = root.querySelector<HTMLElement>('[data-autofocus]');
      (preferred ?? focusables(root).find((el) => !el.classList.contains('modal__close')) ?? root).focus();
    }
    return () => {
      // Give focus back only if it is still in the (now closing) dialog or lost to <body>.
      if (
        returnTo instanceof HTMLElement &&
        returnTo.isConnected &&
        (document.activeElement === document.body || root?.contains(document.activeElement))
      ) {
        returnTo.focus({ preventScroll: true });
      }
    };
  }, []);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    onKeyDown?.(event);
    if (event.defaultPrevented) {
      event.stopPropagation();
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onRequestClose();
      return;
    }
    if (event.key === 'Tab' && panel.current) {
      const items = focusables(panel.current);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) {
        event.preventDefault();
      } else if (
        event.shiftKey &&
        (document.activeElement === first || document.activeElement === panel.current)
      ) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
    // Screen shortcuts (Esc = back, Alt+digits, Ctrl+K) must not act behind a modal.
    event.stopPropagation();
  };

  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside is a pointer shortcut for the close button and Escape
    <div
      className="modal-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onRequestClose();
      }}
    >
      <div
        ref={panel}
        className={`modal modal--${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKey}
        data-testid={testId}
      >
        <header className="modal__head">
          <div className="modal__titles">
            <h2 id={titleId} className="modal__title">
              {title}
            </h2>
            {subtitle && <p className="modal__subtitle">{subtitle}</p>}
          </div>
          <button
            type="button"
            className="icon-button modal__close"
            aria-label="Close"
            onClick={onRequestClose}
          >
            <Icon name="close" size={15} />
          </button>
        </header>
        <div className="modal__body">{children}</div>
        {footer && <footer className="modal__foot">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}

/** A yes/no question over whatever is open; the safe answer has focus. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'normal',
  busy = false,
  confirmDisabled = false,
  onConfirm,
  onCancel,
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly cancelLabel?: string;
  readonly tone?: 'normal' | 'danger';
  readonly busy?: boolean;
  readonly confirmDisabled?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  return (
    <Modal
      title={title}
      size="small"
      onRequestClose={onCancel}
      testId="confirm-dialog"
      footer={
        <>
          <span className="modal__foot-spacer" />
          <button type="button" className="button" onClick={onCancel} data-autofocus>
            {cancelLabel}
          </button>
          <button
            type="button"
            className={`button ${tone === 'danger' ? 'button--destructive' : 'button--primary'}`}
            onClick={onConfirm}
            disabled={busy || confirmDisabled}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm__body">{children}</div>
    </Modal>
  );
}

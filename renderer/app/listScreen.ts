/**
 * What a searchable list screen (customers, playbooks) does when it opens: load its list,
 * tell the readiness signal once the first load settled, and take its single-key shortcuts
 * from anywhere on the screen outside a text field: '/' focuses the search, as in most
 * consoles, plus the screen's own (matched without case: 'n' is N too).
 */
import { type RefObject, useEffect, useRef } from 'react';
import { isTypingTarget } from '../ui/listbox';
import { markReady } from './store';

export function useListScreen({
  refresh,
  status,
  searchRef,
  keys = {},
}: {
  readonly refresh: () => Promise<void>;
  readonly status: 'loading' | 'ready' | 'failed';
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly keys?: Readonly<Record<string, () => void>>;
}): void {
  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (status !== 'loading') markReady();
  }, [status]);

  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      const run = latest.current[event.key.toLowerCase()];
      if (!run) return;
      event.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchRef]);
}

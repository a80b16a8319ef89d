import type { ReactNode } from 'react';

/**
 * One option of a type-ahead list under an input: hovering makes it the active one, and it
 * is picked on mousedown, not click, because the input's blur would close the list first.
 */
export function PickerOption({
  id,
  active,
  onActivate,
  onPick,
  children,
}: {
  readonly id?: string;
  readonly active: boolean;
  readonly onActivate: () => void;
  readonly onPick: () => void;
  readonly children: ReactNode;
}) {
  return (
    <div
      id={id}
      role="option"
      tabIndex={-1}
      aria-selected={active}
      className={`picker__option${active ? ' picker__option--active' : ''}`}
      onMouseMove={onActivate}
      onMouseDown={(e) => {
        e.preventDefault();
        onPick();
      }}
    >
      {children}
    </div>
  );
}

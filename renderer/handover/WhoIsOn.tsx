/**
 * "Who is on?" (container): asked once, before the first incident of a console where no
 * engineer is chosen, so everything recorded is signed with a name and the shift's
 * handover includes it. The known profiles are a list (↑ ↓, Enter picks); a name typed in
 * the field adds a profile. The choice is remembered as the active engineer, and a shift
 * is started for them when none is running.
 */
import { type FormEvent, useState } from 'react';
import { Modal } from '../editing/Dialog';
import { Kbd } from '../ui/feedback';
import { useListboxKeys } from '../ui/listbox';
import { useHandover } from './store';
import './switcher.css';

let askedThisSession = false;

/** Whether to ask before opening an incident: no engineer chosen, and not asked yet. */
export function shouldAskWhoIsOn(): boolean {
  const { activeId, shiftLoaded } = useHandover.getState();
  return shiftLoaded && activeId === null && !askedThisSession;
}

export function WhoIsOn({ onDone }: { readonly onDone: () => void }) {
  const engineers = useHandover((s) => s.engineers);
  // With no profile yet, the name acts are signed with now is offered: Enter takes it.
  const signedAs = useHandover((s) => s.signedAs);
  const [active, setActive] = useState(0);
  const [name, setName] = useState(engineers.length === 0 ? signedAs : '');
  const [busy, setBusy] = useState(false);

  const finish = () => {
    askedThisSession = true;
    onDone();
  };

  const confirm = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    const typed = name.trim();
    const picked = engineers[active];
    if (!typed && !picked) return;
    setBusy(true);
    const handover = useHandover.getState();
    const chosen = typed ? await handover.addEngineer(typed, '') : await handover.switchTo(picked?.id ?? '');
    if (chosen && useHandover.getState().shift === null) await useHandover.getState().startShift();
    setBusy(false);
    if (chosen) finish();
  };

  const listKeys = useListboxKeys({
    count: engineers.length,
    active,
    wrap: true,
    onActive: setActive,
    onEnter: () => {
      void confirm();
      return true;
    },
  });

  return (
    <Modal
      title="Who is on?"
      subtitle="Everything you record is signed with this name, and your shift's handover includes it."
      size="small"
      testId="who-is-on"
      onRequestClose={finish}
      footer={
        <>
          <button type="button" className="button" onClick={finish}>
            Not now
          </button>
          <button
            type="submit"
            form="who-is-on-form"
            className="button button--primary"
            disabled={busy || (!name.trim() && engineers.length === 0)}
          >
            {busy ? 'Saving…' : "That's me"} <kbd className="kbd kbd--on-primary">Enter</kbd>
          </button>
        </>
      }
    >
      <form id="who-is-on-form" className="who-on" onSubmit={(e) => void confirm(e)}>
        {engineers.length > 0 && (
          <div
            className="who-on__list"
            role="listbox"
            aria-label="Engineers on this console"
            aria-activedescendant={`who-on-${engineers[active]?.id ?? ''}`}
            tabIndex={0}
            data-autofocus={name === '' ? true : undefined}
            onKeyDown={(e) => {
              listKeys(e);
            }}
          >
            {engineers.map((e, i) => (
              <div
                key={e.id}
                id={`who-on-${e.id}`}
                role="option"
                aria-selected={i === active}
                tabIndex={-1}
                className={`who-on__item${i === active ? ' who-on__item--active' : ''}`}
                onMouseMove={() => setActive(i)}
                onClick={() => {
                  setActive(i);
                  setName('');
                }}
                onKeyDown={() => undefined}
              >
                <span className="eng-switch__avatar" aria-hidden="true">
                  {e.initials}
                </span>
                {e.name}
              </div>
            ))}
          </div>
        )}
        <label className="field__label" htmlFor="who-on-name">
          {engineers.length > 0 ? 'Or someone new' : 'Your name'}
        </label>
        <input
          id="who-on-name"
          className="input"
          value={name}
          maxLength={100}
          placeholder="Name"
          autoComplete="off"
          data-autofocus={engineers.length === 0 ? true : undefined}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setName(e.target.value)}
        />
        <p className="muted">
          {engineers.length > 0 && (
            <>
              <Kbd>↑</Kbd>
              <Kbd>↓</Kbd> pick ·{' '}
            </>
          )}
          <Kbd>Enter</Kbd> confirm · <Kbd>Esc</Kbd> not now
        </p>
      </form>
    </Modal>
  );
}

/**
 * Who is at the keyboard: one select switches the active engineer (one action); its last
 * option adds a profile. Self-contained (loads its own data) so it can sit in the status bar.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useHandover, wireHandoverEvents } from './store';
import './switcher.css';

const ADD = '__add__';

export function EngineerSwitcher({ compact = false }: { readonly compact?: boolean }) {
  const engineers = useHandover((s) => s.engineers);
  const activeId = useHandover((s) => s.activeId);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [initials, setInitials] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    wireHandoverEvents();
    void useHandover.getState().loadPeople();
  }, []);

  useEffect(() => {
    if (adding) nameRef.current?.focus();
  }, [adding]);

  const active = engineers.find((e) => e.id === activeId) ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    if (await useHandover.getState().addEngineer(name.trim(), initials)) {
      setAdding(false);
      setName('');
      setInitials('');
    }
  };

  return (
    <div className={`eng-switch${compact ? ' eng-switch--compact' : ''}`}>
      <span className="eng-switch__avatar" aria-hidden="true" title={active?.name ?? 'No engineer chosen'}>
        {active?.initials ?? '?'}
      </span>
      <label className="eng-switch__label" htmlFor={id}>
        {compact ? 'On shift' : 'At the keyboard'}
      </label>
      <select
        id={id}
        className="eng-switch__select"
        value={adding ? ADD : (activeId ?? '')}
        onChange={(e) => {
          const v = e.target.value;
          if (v === ADD) setAdding(true);
          else if (v) {
            setAdding(false);
            void useHandover.getState().switchTo(v);
          }
        }}
      >
        {!active && <option value="">{compact ? 'Who are you?' : 'Choose who you are…'}</option>}
        {engineers.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name} ({e.initials})
          </option>
        ))}
        <option value={ADD}>+ Add engineer…</option>
      </select>
      {adding && (
        <form className="eng-switch__add" onSubmit={(e) => void submit(e)}>
          <input
            ref={nameRef}
            className="input eng-switch__input"
            aria-label="New engineer's name"
            placeholder="Name"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setAdding(false);
            }}
          />
          <input
            className="input eng-switch__input eng-switch__initials"
            aria-label="Initials (optional)"
            placeholder="Initials"
            value={initials}
            maxLength={4}
            onChange={(e) => setInitials(e.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!name.trim()}>
            Add
          </button>
          <button type="button" className="button" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * Editors for catalog records (containers): customer, contact, vendor, support contract and
 * maintenance window here; the asset editor in AssetEditor.tsx. Each saves with the version
 * it started from, so a change made elsewhere meanwhile comes back as a conflict.
 */
import { useState } from 'react';
import type { CallInput } from '../../shared/api/contract';
import { ok, type Result } from '../../shared/api/result';
import { TIERS } from '../../shared/catalog/labels';
import type {
  Contact,
  MaintenanceWindow,
  SupportContract,
  VendorSummary,
} from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { navigate } from '../app/router';
import { formatDate, minutesInWords, windowLabel } from '../customers/cardFacts';
import { ChangeHistory } from './ChangeHistory';
import {
  CommunicationTermsFields,
  type TermsDraft,
  termsDraftOf,
  termsInput,
} from './CommunicationTermsFields';
import { type DeleteSpec, EditorShell, useEditor } from './EditorShell';
import { ChipListField, issuesAt, orNull, SelectField, TextAreaField, TextField, wholeNumber } from './form';

export { AssetEditor } from './AssetEditor';

type Saved = Result<{ id: string }>;
const idOf = async <T extends { id: string }>(pending: Promise<Result<T>>): Promise<Saved> => {
  const result = await pending;
  return result.ok ? ok({ id: result.value.id }) : result;
};

/** Today on the engineer's calendar, as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

function History({ entityId }: { readonly entityId: string }) {
  return (
    <details className="editor-history">
      <summary>Change history</summary>
      <ChangeHistory entityId={entityId} />
    </details>
  );
}

// ---------------------------------------------------------------- customer

interface CustomerDraft {
  readonly code: string;
  readonly name: string;
  readonly tier: string;
  readonly timeZone: string;
  readonly sev1: string;
  readonly sev2: string;
  readonly sev3: string;
  readonly sev4: string;
  readonly supportHours: string;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly reviewedAt: string;
  readonly reviewIntervalDays: string;
  readonly terms: TermsDraft;
}

const SEVERITY_HINTS = {
  sev1: 'Service down',
  sev2: 'Badly degraded',
  sev3: 'Partly affected',
  sev4: 'Minor',
} as const;

export function CustomerEditor({
  customerId,
  onClose,
}: {
  customerId: string | null;
  onClose(savedId?: string): void;
}) {
  const [label, setLabel] = useState('this customer');
  const [contacts, setContacts] = useState<readonly Contact[] | null>(null);
  const editor = useEditor<CustomerDraft>(async () => {
    if (customerId === null) {
      return ok({
        version: null,
        draft: {
          code: '',
          name: '',
          tier: 'silver',
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          sev1: '240',
          sev2: '480',
          sev3: '1440',
          sev4: '4320',
          supportHours: '24x7',
          notes: '',
          tags: [],
          reviewedAt: '',
          reviewIntervalDays: '180',
          terms: termsDraftOf(null),
        },
      });
    }
    const result = await api.call('customer:get', { id: customerId });
    if (!result.ok) return result;
    const c = result.value;
    setLabel(`${c.code} ${c.name}`);
    setContacts(c.contacts);
    return ok({
      version: c.version,
      draft: {
        code: c.code,
        name: c.name,
        tier: c.tier,
        timeZone: c.timeZone,
        sev1: String(c.restoreTargets.sev1),
        sev2: String(c.restoreTargets.sev2),
        sev3: String(c.restoreTargets.sev3),
        sev4: String(c.restoreTargets.sev4),
        supportHours: c.supportHours ?? '',
        notes: c.notes ?? '',
        tags: c.tags,
        reviewedAt: c.reviewedAt?.slice(0, 10) ?? '',
        reviewIntervalDays: String(c.reviewIntervalDays),
        terms: termsDraftOf(c.communicationTerms),
      },
    });
  }, label);

  const save = () =>
    void editor.save(
      (d, issues) => {
        const minutes = (sev: 'sev1' | 'sev2' | 'sev3' | 'sev4') =>
          wholeNumber(d[sev], `restoreTargets.${sev}`, issues, 'must be a whole number of minutes');
        const input: CallInput<'customer:save'> = {
          id: customerId,
          baseVersion: editor.version,
          code: d.code.trim(),
          name: d.name.trim(),
          tier: TIERS.find((t) => t === d.tier) ?? 'silver',
          timeZone: d.timeZone.trim(),
          restoreTargets: {
            sev1: minutes('sev1'),
            sev2: minutes('sev2'),
            sev3: minutes('sev3'),
            sev4: minutes('sev4'),
          },
          supportHours: orNull(d.supportHours),
          notes: orNull(d.notes),
          tags: [...d.tags],
          reviewedAt: orNull(d.reviewedAt),
          reviewIntervalDays: wholeNumber(
            d.reviewIntervalDays,
            'reviewIntervalDays',
            issues,
            'must be a number of days',
          ),
          // A new customer has no contacts to choose from yet: its terms are set once it exists.
          ...(customerId === null ? {} : { communicationTerms: termsInput(d.terms, issues) }),
        };
        return () => idOf(api.call('customer:save', input));
      },
      (id) => onClose(id),
    );

  const draftCode = editor.draft?.code ?? '';
  const deletion: DeleteSpec | null =
    customerId && editor.version !== null
      ? {
          title: `Delete customer ${draftCode}?`,
          body: (
            <p>
              The customer, its contacts, contracts, maintenance windows and assets disappear from every
              screen. Incident history is kept.
            </p>
          ),
          typeToConfirm: draftCode,
          run: async () => {
            const result = await api.call('catalog:delete', {
              entity: 'customer',
              id: customerId,
              baseVersion: editor.version ?? 1,
            });
            if (result.ok) navigate({ screen: 'customers', customerId: null });
            return result;
          },
        }
      : null;

  const issues = editor.issues;
  return (
    <EditorShell
      editor={editor}
      title={customerId ? 'Edit customer' : 'New customer'}
      subtitle={customerId ? label : 'Code, tier, restore targets and review cycle'}
      what={customerId ? label : 'the new customer'}
      size="large"
      onSave={save}
      onClose={() => onClose()}
      deletion={deletion}
      aside={customerId ? <History entityId={customerId} /> : null}
      testId="customer-editor"
    >
      {(d) => (
        <>
          <div className="form__grid">
            <TextField
              label="Code"
              required
              mono
              {...editor.field('code')}
              transform={(v) => v.toUpperCase()}
              hint="2–12 capitals, digits, - or _ (e.g. ACME)"
              maxLength={12}
              autoFocus={customerId === null}
            />
            <TextField label="Name" required {...editor.field('name')} autoFocus={customerId !== null} />
            <SelectField
              label="Tier"
              {...editor.field('tier')}
              options={TIERS.map((t) => ({ value: t, label: t[0]?.toUpperCase() + t.slice(1) }))}
            />
            <TextField
              label="Time zone"
              required
              {...editor.field('timeZone')}
              list="editor-time-zones"
              placeholder="Europe/London"
              hint="Where the customer is: maintenance windows and their clock use it."
            />
            <datalist id="editor-time-zones">
              {TIME_ZONES.map((tz) => (
                <option key={tz} value={tz} />
              ))}
            </datalist>
          </div>

          <fieldset className="form__section">
            <legend className="form__legend">Restore targets</legend>
            <p className="form__section-hint muted">
              Minutes until service must be back, as agreed with the customer.
            </p>
            <div className="form__grid form__grid--4">
              {(['sev1', 'sev2', 'sev3', 'sev4'] as const).map((sev) => {
                const n = Number(d[sev]);
                return (
                  <TextField
                    key={sev}
                    className={`field--sev field--${sev}`}
                    label={`${sev.toUpperCase()} · ${SEVERITY_HINTS[sev]}`}
                    value={d[sev]}
                    inputMode="numeric"
                    onChange={(value) => editor.set({ [sev]: value.replace(/[^\d]/g, '') })}
                    suffix={/^\d+$/.test(d[sev]) && n > 0 ? `min = ${minutesInWords(n)}` : 'min'}
                    issues={issuesAt(issues, `restoreTargets.${sev}`)}
                  />
                );
              })}
            </div>
          </fieldset>

          <div className="form__grid">
            <TextField
              label="Support hours"
              {...editor.field('supportHours')}
              placeholder="24x7, or Mon–Fri 08:00–18:00"
            />
            <ChipListField
              label="Tags"
              value={d.tags}
              onChange={(tags) => editor.set({ tags })}
              placeholder="healthcare, pci… — Enter adds"
              separators={/[,;]+/}
              issues={issuesAt(issues, 'tags')}
            />
            <TextAreaField
              label="Notes"
              wide
              rows={4}
              {...editor.field('notes')}
              placeholder="What the on-call engineer should know first: quirks, approvals, who may be woken up."
            />
          </div>

          {customerId !== null && (
            <CommunicationTermsFields
              draft={d.terms}
              contacts={contacts}
              issues={issues}
              onChange={(terms) => editor.set({ terms })}
            />
          )}

          <fieldset className="form__section">
            <legend className="form__legend">Review</legend>
            <div className="form__grid form__grid--review">
              <TextField
                label="Last reviewed"
                type="date"
                {...editor.field('reviewedAt')}
                hint={d.reviewedAt ? `${formatDate(d.reviewedAt)}` : 'Never reviewed'}
              />
              <div className="field field--button">
                <button
                  type="button"
                  className="button"
                  onClick={() => editor.set({ reviewedAt: todayIso() })}
                  disabled={d.reviewedAt === todayIso()}
                >
                  Mark reviewed today
                </button>
              </div>
              <TextField
                label="Review every"
                value={d.reviewIntervalDays}
                inputMode="numeric"
                onChange={(v) => editor.set({ reviewIntervalDays: v.replace(/[^\d]/g, '') })}
                suffix="days"
                issues={issuesAt(issues, 'reviewIntervalDays')}
              />
            </div>
          </fieldset>
        </>
      )}
    </EditorShell>
  );
}

// ---------------------------------------------------------------- contact

interface ContactDraft {
  readonly name: string;
  readonly role: string;
  readonly phone: string;
  readonly email: string;
  readonly escalationOrder: string;
  readonly notes: string;
}

const contactDraft = (c: Contact): ContactDraft => ({
  name: c.name,
  role: c.role,
  phone: c.phone ?? '',
  email: c.email ?? '',
  escalationOrder: String(c.escalationOrder),
  notes: c.notes ?? '',
});

export function ContactEditor({
  customerId,
  contact,
  onClose,
}: {
  customerId: string;
  contact: Contact | null;
  onClose(savedId?: string): void;
}) {
  const [fresh, setFresh] = useState(true);
  const editor = useEditor<ContactDraft>(
    async () => {
      // The first draft is what the engineer was looking at; a reload asks the back end.
      if (contact && fresh) {
        setFresh(false);
        return ok({ version: contact.version, draft: contactDraft(contact) });
      }
      const result = await api.call('customer:get', { id: customerId });
      if (!result.ok) return result;
      if (contact) {
        const now = result.value.contacts.find((c) => c.id === contact.id);
        if (!now) return { ok: false, error: { code: 'NOT_FOUND', message: `${contact.name} was deleted.` } };
        return ok({ version: now.version, draft: contactDraft(now) });
      }
      const next = Math.min(99, Math.max(0, ...result.value.contacts.map((c) => c.escalationOrder)) + 1);
      return ok({
        version: null,
        draft: { name: '', role: '', phone: '', email: '', escalationOrder: String(next), notes: '' },
      });
    },
    contact ? contact.name : 'the new contact',
  );

  const save = () =>
    void editor.save(
      (d, issues) => {
        const input: CallInput<'contact:save'> = {
          id: contact?.id ?? null,
          baseVersion: editor.version,
          customerId,
          name: d.name.trim(),
          role: d.role.trim(),
          phone: orNull(d.phone),
          email: orNull(d.email),
          escalationOrder: wholeNumber(d.escalationOrder, 'escalationOrder', issues),
          notes: orNull(d.notes),
        };
        return () => idOf(api.call('contact:save', input));
      },
      (id) => onClose(id),
    );

  const deletion: DeleteSpec | null = contact
    ? {
        title: `Delete contact ${contact.name}?`,
        body: <p>They will no longer be listed on the recovery card or in the escalation order.</p>,
        run: () =>
          api.call('catalog:delete', {
            entity: 'contact',
            id: contact.id,
            baseVersion: editor.version ?? contact.version,
          }),
      }
    : null;

  const issues = editor.issues;
  return (
    <EditorShell
      editor={editor}
      title={contact ? 'Edit contact' : 'New contact'}
      subtitle={contact ? `${contact.name} · ${contact.role}` : 'Who to call, and in which order'}
      what={contact ? contact.name : 'the new contact'}
      onSave={save}
      onClose={() => onClose()}
      deletion={deletion}
      aside={contact ? <History entityId={contact.id} /> : null}
      testId="contact-editor"
    >
      {(d) => (
        <div className="form__grid">
          <TextField label="Name" required {...editor.field('name')} autoFocus />
          <TextField
            label="Role"
            required
            {...editor.field('role')}
            placeholder="IT manager, facilities, CISO…"
          />
          <TextField label="Phone" type="tel" {...editor.field('phone')} placeholder="+44 20 7946 0000" />
          <TextField label="Email" type="email" {...editor.field('email')} placeholder="name@example.com" />
          <TextField
            label="Escalation order"
            value={d.escalationOrder}
            inputMode="numeric"
            onChange={(v) => editor.set({ escalationOrder: v.replace(/[^\d]/g, '') })}
            hint="1 is called first."
            issues={issuesAt(issues, 'escalationOrder')}
          />
          <TextAreaField
            label="Notes"
            wide
            rows={3}
            {...editor.field('notes')}
            placeholder="When to call, languages, deputies…"
          />
        </div>
      )}
    </EditorShell>
  );
}

// ---------------------------------------------------------------- vendor

interface VendorDraft {
  readonly name: string;
  readonly supportPhone: string;
  readonly supportEmail: string;
  readonly website: string;
}

export function VendorEditor({
  vendorId,
  onClose,
}: {
  vendorId: string | null;
  onClose(savedId?: string): void;
}) {
  const [found, setFound] = useState<VendorSummary | null>(null);
  const editor = useEditor<VendorDraft>(
    async () => {
      if (vendorId === null)
        return ok({ version: null, draft: { name: '', supportPhone: '', supportEmail: '', website: '' } });
      const result = await api.call('vendor:list', {});
      if (!result.ok) return result;
      const v = result.value.items.find((item) => item.id === vendorId);
      if (!v) return { ok: false, error: { code: 'NOT_FOUND', message: 'This vendor was deleted.' } };
      setFound(v);
      return ok({
        version: v.version,
        draft: {
          name: v.name,
          supportPhone: v.supportPhone ?? '',
          supportEmail: v.supportEmail ?? '',
          website: v.website ?? '',
        },
      });
    },
    found ? found.name : vendorId ? 'this vendor' : 'the new vendor',
  );

  const save = () =>
    void editor.save(
      (d) => {
        const input: CallInput<'vendor:save'> = {
          id: vendorId,
          baseVersion: editor.version,
          name: d.name.trim(),
          supportPhone: orNull(d.supportPhone),
          supportEmail: orNull(d.supportEmail),
          website: orNull(d.website),
        };
        return () => idOf(api.call('vendor:save', input));
      },
      (id) => onClose(id),
    );

  const deletion: DeleteSpec | null =
    vendorId && found
      ? {
          title: `Delete vendor ${found.name}?`,
          body: (
            <p>
              {found.customers + found.assets === 0
                ? 'No customer or asset refers to this vendor.'
                : `${found.customers} customer${found.customers === 1 ? '' : 's'} and ${found.assets} asset${found.assets === 1 ? '' : 's'} refer to this vendor; their contracts lose the vendor's support line.`}
            </p>
          ),
          run: () =>
            api.call('catalog:delete', {
              entity: 'vendor',
              id: vendorId,
              baseVersion: editor.version ?? found.version,
            }),
        }
      : null;

  return (
    <EditorShell
      editor={editor}
      title={vendorId ? 'Edit vendor' : 'New vendor'}
      subtitle={
        found
          ? `${found.customers} customers · ${found.assets} assets rely on it`
          : 'Shared by every customer'
      }
      what={found ? found.name : 'the new vendor'}
      onSave={save}
      onClose={() => onClose()}
      deletion={deletion}
      testId="vendor-editor"
    >
      {() => (
        <div className="form__grid">
          <TextField label="Name" required wide {...editor.field('name')} autoFocus />
          <TextField label="Support phone" type="tel" {...editor.field('supportPhone')} />
          <TextField label="Support email" type="email" {...editor.field('supportEmail')} />
          <TextField
            label="Website"
            type="url"
            wide
            {...editor.field('website')}
            placeholder="https://support.example.com"
          />
        </div>
      )}
    </EditorShell>
  );
}

// ---------------------------------------------------------------- support contract

interface ContractDraft {
  readonly vendorId: string;
  readonly contractNumber: string;
  readonly supportPhone: string;
  readonly hours: string;
  readonly expiresOn: string;
}

const contractDraft = (c: SupportContract): ContractDraft => ({
  vendorId: c.vendorId,
  contractNumber: c.contractNumber ?? '',
  supportPhone: c.supportPhone ?? '',
  hours: c.hours ?? '',
  expiresOn: c.expiresOn?.slice(0, 10) ?? '',
});

export function ContractEditor({
  customerId,
  contract,
  onClose,
}: {
  customerId: string;
  contract: SupportContract | null;
  onClose(savedId?: string): void;
}) {
  const [vendors, setVendors] = useState<readonly VendorSummary[] | null>(null);
  const [vendorsError, setVendorsError] = useState<string | null>(null);
  const [addingVendor, setAddingVendor] = useState(false);
  const [fresh, setFresh] = useState(true);

  const loadVendors = async (): Promise<readonly VendorSummary[]> => {
    const result = await api.call('vendor:list', {});
    if (result.ok) {
      setVendors(result.value.items);
      setVendorsError(null);
      return result.value.items;
    }
    setVendorsError(result.error.message);
    return [];
  };

  const editor = useEditor<ContractDraft>(
    async () => {
      await loadVendors();
      if (contract && fresh) {
        setFresh(false);
        return ok({ version: contract.version, draft: contractDraft(contract) });
      }
      if (!contract) {
        return ok({
          version: null,
          draft: { vendorId: '', contractNumber: '', supportPhone: '', hours: '', expiresOn: '' },
        });
      }
      const result = await api.call('customer:get', { id: customerId });
      if (!result.ok) return result;
      const now = result.value.contracts.find((c) => c.id === contract.id);
      if (!now) return { ok: false, error: { code: 'NOT_FOUND', message: 'This contract was deleted.' } };
      return ok({ version: now.version, draft: contractDraft(now) });
    },
    contract ? `the ${contract.vendorName} contract` : 'the new contract',
  );

  const save = () =>
    void editor.save(
      (d, issues) => {
        if (!d.vendorId)
          issues.push({ path: 'vendorId', message: 'choose the vendor this contract is with' });
        const input: CallInput<'contract:save'> = {
          id: contract?.id ?? null,
          baseVersion: editor.version,
          customerId,
          vendorId: d.vendorId,
          contractNumber: orNull(d.contractNumber),
          supportPhone: orNull(d.supportPhone),
          hours: orNull(d.hours),
          expiresOn: orNull(d.expiresOn),
        };
        return () => idOf(api.call('contract:save', input));
      },
      (id) => onClose(id),
    );

  const deletion: DeleteSpec | null = contract
    ? {
        title: `Delete the ${contract.vendorName} contract?`,
        body: <p>The vendor stays; only this customer's contract with it is removed.</p>,
        run: () =>
          api.call('catalog:delete', {
            entity: 'contract',
            id: contract.id,
            baseVersion: editor.version ?? contract.version,
          }),
      }
    : null;

  const chosen = vendors?.find((v) => v.id === editor.draft?.vendorId);
  return (
    <>
      <EditorShell
        editor={editor}
        title={contract ? 'Edit support contract' : 'New support contract'}
        subtitle={contract ? contract.vendorName : 'Which vendor to call, and under which contract'}
        what={contract ? `the ${contract.vendorName} contract` : 'the new contract'}
        onSave={save}
        onClose={() => onClose()}
        deletion={deletion}
        aside={contract ? <History entityId={contract.id} /> : null}
        testId="contract-editor"
      >
        {(d) => (
          <div className="form__grid">
            <div className="field-row field--wide">
              <SelectField
                label="Vendor"
                required
                {...editor.field('vendorId')}
                options={[
                  { value: '', label: vendors ? 'Choose a vendor…' : 'Loading vendors…' },
                  ...[...(vendors ?? [])]
                    .sort((a, b) => a.name.localeCompare(b.name))
                    .map((v) => ({ value: v.id, label: v.name })),
                ]}
                hint={vendorsError ? `Vendors could not be listed: ${vendorsError}` : undefined}
                autoFocus
              />
              <button
                type="button"
                className="button field-row__button"
                onClick={() => setAddingVendor(true)}
              >
                New vendor…
              </button>
            </div>
            <TextField label="Contract number" mono {...editor.field('contractNumber')} />
            <TextField
              label="Support phone"
              type="tel"
              {...editor.field('supportPhone')}
              placeholder={chosen?.supportPhone ? `${chosen.supportPhone} (vendor's line)` : undefined}
              hint="Leave empty to use the vendor's general support line."
            />
            <TextField label="Hours" {...editor.field('hours')} placeholder="24x7x4h, NBD, 8x5…" />
            <TextField
              label="Expires on"
              type="date"
              {...editor.field('expiresOn')}
              hint={d.expiresOn ? formatDate(d.expiresOn) : 'Not recorded'}
            />
          </div>
        )}
      </EditorShell>
      {addingVendor && (
        <VendorEditor
          vendorId={null}
          onClose={(savedId) => {
            setAddingVendor(false);
            if (savedId) void loadVendors().then(() => editor.set({ vendorId: savedId }));
          }}
        />
      )}
    </>
  );
}

// ---------------------------------------------------------------- maintenance window

interface WindowDraft {
  readonly name: string;
  readonly weekday: string;
  readonly startTime: string;
  readonly durationMinutes: string;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const windowDraft = (w: MaintenanceWindow): WindowDraft => ({
  name: w.name,
  weekday: String(w.weekday),
  startTime: w.startTime,
  durationMinutes: String(w.durationMinutes),
});

export function WindowEditor({
  customerId,
  window: existing,
  onClose,
}: {
  customerId: string;
  window: MaintenanceWindow | null;
  onClose(savedId?: string): void;
}) {
  const [fresh, setFresh] = useState(true);
  const editor = useEditor<WindowDraft>(
    async () => {
      if (!existing) {
        return ok({
          version: null,
          draft: { name: 'Patching', weekday: '7', startTime: '02:00', durationMinutes: '240' },
        });
      }
      if (fresh) {
        setFresh(false);
        return ok({ version: existing.version, draft: windowDraft(existing) });
      }
      const result = await api.call('customer:get', { id: customerId });
      if (!result.ok) return result;
      const now = result.value.maintenanceWindows.find((w) => w.id === existing.id);
      if (!now)
        return { ok: false, error: { code: 'NOT_FOUND', message: 'This maintenance window was deleted.' } };
      return ok({ version: now.version, draft: windowDraft(now) });
    },
    existing ? `the ${existing.name} window` : 'the new window',
  );

  const save = () =>
    void editor.save(
      (d, issues) => {
        const input: CallInput<'window:save'> = {
          id: existing?.id ?? null,
          baseVersion: editor.version,
          customerId,
          name: d.name.trim(),
          weekday: wholeNumber(d.weekday, 'weekday', issues),
          startTime: d.startTime.trim(),
          durationMinutes: wholeNumber(
            d.durationMinutes,
            'durationMinutes',
            issues,
            'must be a whole number of minutes',
          ),
        };
        return () => idOf(api.call('window:save', input));
      },
      (id) => onClose(id),
    );

  const deletion: DeleteSpec | null = existing
    ? {
        title: `Delete the ${existing.name} window?`,
        body: <p>The recovery card will no longer show it, and “in maintenance now” stops counting it.</p>,
        run: () =>
          api.call('catalog:delete', {
            entity: 'maintenance_window',
            id: existing.id,
            baseVersion: editor.version ?? existing.version,
          }),
      }
    : null;

  const issues = editor.issues;
  const preview = (d: WindowDraft): string | null => {
    const weekday = Number(d.weekday);
    const duration = Number(d.durationMinutes);
    if (!/^\d{2}:\d{2}$/.test(d.startTime) || !(duration > 0)) return null;
    return windowLabel({
      id: '',
      name: d.name,
      weekday,
      startTime: d.startTime,
      durationMinutes: duration,
      version: 0,
    });
  };
  return (
    <EditorShell
      editor={editor}
      title={existing ? 'Edit maintenance window' : 'New maintenance window'}
      subtitle="Recurring every week, in the customer's time zone"
      what={existing ? `the ${existing.name} window` : 'the new window'}
      onSave={save}
      onClose={() => onClose()}
      deletion={deletion}
      aside={existing ? <History entityId={existing.id} /> : null}
      testId="window-editor"
    >
      {(d) => {
        const shown = preview(d);
        const n = Number(d.durationMinutes);
        return (
          <div className="form__grid">
            <TextField
              label="Name"
              required
              wide
              {...editor.field('name')}
              placeholder="Patching, backups, change window…"
              autoFocus
            />
            <SelectField
              label="Day"
              {...editor.field('weekday')}
              options={WEEKDAYS.map((day, i) => ({ value: String(i + 1), label: day }))}
            />
            <TextField
              label="Starts at"
              mono
              value={d.startTime}
              placeholder="HH:MM"
              inputMode="numeric"
              maxLength={5}
              // A text field, not type=time: that one shows AM/PM in some locales.
              onChange={(v) => {
                const digits = v.replace(/[^\d]/g, '');
                editor.set({
                  startTime:
                    digits.length > 2
                      ? `${digits.slice(0, 2)}:${digits.slice(2, 4)}`
                      : v.replace(/[^\d:]/g, ''),
                });
              }}
              issues={issuesAt(issues, 'startTime')}
              hint="24-hour clock (HH:MM), customer time"
            />
            <TextField
              label="Duration"
              value={d.durationMinutes}
              inputMode="numeric"
              onChange={(v) => editor.set({ durationMinutes: v.replace(/[^\d]/g, '') })}
              suffix={/^\d+$/.test(d.durationMinutes) && n > 0 ? `min = ${minutesInWords(n)}` : 'min'}
              issues={issuesAt(issues, 'durationMinutes')}
            />
            <div className="field field--preview">
              <span className="field__label">Every week</span>
              <p className="window-preview">{shown ?? '—'}</p>
            </div>
          </div>
        );
      }}
    </EditorShell>
  );
}

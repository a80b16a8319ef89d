/**
 * The asset editor (container): facts, addresses, where it lives, who made it, where its
 * credentials are kept, and what it runs on / depends on, picked from the customer's own
 * topology and the shared platform.
 */
import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import type { CallInput } from '../../shared/api/contract';
import { ok } from '../../shared/api/result';
import { ASSET_KIND_LABELS, ASSET_KINDS, CRITICALITIES } from '../../shared/catalog/labels';
import type { AssetSummary, CustomerDetail, CustomerRef, VendorSummary } from '../../shared/catalog/schemas';
import { api } from '../api/client';
import { PickerOption } from '../ui/PickerOption';
import { ChangeHistory } from './ChangeHistory';
import { type DeleteSpec, EditorShell, useEditor } from './EditorShell';
import {
  type AttributeRow,
  AttributesField,
  attributesToRows,
  ChipListField,
  Field,
  IpListField,
  type Issues,
  issuesAt,
  orNull,
  rowsToAttributes,
  SelectField,
  TextAreaField,
  TextField,
} from './form';

type Candidate = AssetSummary & { readonly customer: CustomerRef };

interface AssetDraft {
  readonly kind: string;
  readonly name: string;
  readonly hostname: string;
  readonly ipAddresses: readonly string[];
  readonly environmentId: string;
  readonly siteId: string;
  readonly criticality: string;
  readonly platform: string;
  readonly vendorId: string;
  readonly model: string;
  readonly serial: string;
  readonly managementUrl: string;
  readonly accessNotes: string;
  readonly attributes: readonly AttributeRow[];
  readonly tags: readonly string[];
  readonly runsOn: readonly string[];
  readonly dependsOn: readonly string[];
}

interface Context {
  readonly customer: CustomerDetail | null;
  readonly vendors: readonly VendorSummary[];
  readonly candidates: readonly Candidate[];
  readonly candidatesNote: string | null;
}

/** Everything this customer's assets may run on or depend on: its own assets and the shared platform. */
async function loadCandidates(customerId: string): Promise<{ items: Candidate[]; note: string | null }> {
  const items: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate) => {
    if (!seen.has(c.id)) {
      seen.add(c.id);
      items.push(c);
    }
  };
  const own = await api.call('customer:topology', { id: customerId });
  if (!own.ok) return { items, note: `The customer's assets could not be loaded: ${own.error.message}` };
  for (const a of own.value.assets) add({ ...a, customer: own.value.customer });
  for (const a of own.value.external) add(a);
  const list = await api.call('customer:list', { limit: 5000 });
  const platform = list.ok
    ? list.value.items.find((c) => c.kind === 'internal' && c.id !== customerId)
    : undefined;
  if (platform) {
    const shared = await api.call('customer:topology', { id: platform.id });
    if (shared.ok) for (const a of shared.value.assets) add({ ...a, customer: shared.value.customer });
  }
  return { items, note: null };
}

export function AssetEditor({
  assetId,
  customerId,
  onClose,
}: {
  assetId: string | null;
  customerId: string;
  onClose(savedId?: string): void;
}) {
  const [context, setContext] = useState<Context>({
    customer: null,
    vendors: [],
    candidates: [],
    candidatesNote: null,
  });
  const [label, setLabel] = useState(assetId ? 'this asset' : 'the new asset');

  const editor = useEditor<AssetDraft>(async () => {
    const [customer, vendors, candidates, asset] = await Promise.all([
      api.call('customer:get', { id: customerId }),
      api.call('vendor:list', {}),
      loadCandidates(customerId),
      assetId ? api.call('asset:get', { id: assetId }) : Promise.resolve(null),
    ]);
    // Facts of the asset itself are essential; the pickers' lists only make editing easier.
    const known: Candidate[] = [...candidates.items];
    if (asset?.ok) {
      for (const a of [...asset.value.runsOnChain.filter((x) => x.depth === 1), ...asset.value.dependsOn])
        if (!known.some((k) => k.id === a.id)) known.push(a);
    }
    setContext({
      customer: customer.ok ? customer.value : null,
      vendors: vendors.ok ? vendors.value.items : [],
      candidates: known,
      candidatesNote: candidates.note,
    });
    if (asset === null) {
      return ok({
        version: null,
        draft: {
          kind: 'vm',
          name: '',
          hostname: '',
          ipAddresses: [],
          environmentId: '',
          siteId: '',
          criticality: 'medium',
          platform: '',
          vendorId: '',
          model: '',
          serial: '',
          managementUrl: '',
          accessNotes: '',
          attributes: [],
          tags: [],
          runsOn: [],
          dependsOn: [],
        },
      });
    }
    if (!asset.ok) return asset;
    const a = asset.value;
    setLabel(a.name);
    return ok({
      version: a.version,
      draft: {
        kind: a.kind,
        name: a.name,
        hostname: a.hostname ?? '',
        ipAddresses: a.ipAddresses,
        environmentId: a.environment?.id ?? '',
        siteId: a.site?.id ?? '',
        criticality: a.criticality,
        platform: a.platform ?? '',
        vendorId: a.vendor?.id ?? '',
        model: a.model ?? '',
        serial: a.serial ?? '',
        managementUrl: a.managementUrl ?? '',
        accessNotes: a.accessNotes ?? '',
        attributes: attributesToRows(a.attributes),
        tags: a.tags,
        runsOn: a.runsOnChain.filter((x) => x.depth === 1).map((x) => x.id),
        dependsOn: a.dependsOn.map((x) => x.id),
      },
    });
  }, label);

  const save = () =>
    void editor.save(
      (d, issues) => {
        const overlap = d.runsOn.filter((id) => d.dependsOn.includes(id));
        if (overlap.length > 0)
          issues.push({
            path: 'dependsOn',
            message: 'an asset it runs on need not be listed as a dependency too',
          });
        const input: CallInput<'asset:save'> = {
          id: assetId,
          baseVersion: editor.version,
          customerId,
          environmentId: d.environmentId || null,
          siteId: d.siteId || null,
          kind: ASSET_KINDS.find((k) => k === d.kind) ?? 'vm',
          name: d.name.trim(),
          hostname: orNull(d.hostname),
          ipAddresses: [...d.ipAddresses],
          platform: orNull(d.platform),
          vendorId: d.vendorId || null,
          model: orNull(d.model),
          serial: orNull(d.serial),
          criticality: CRITICALITIES.find((c) => c === d.criticality) ?? 'medium',
          managementUrl: orNull(d.managementUrl),
          accessNotes: orNull(d.accessNotes),
          attributes: rowsToAttributes(d.attributes),
          tags: [...d.tags],
          runsOn: [...d.runsOn],
          dependsOn: [...d.dependsOn],
        };
        return async () => {
          const result = await api.call('asset:save', input);
          return result.ok ? ok({ id: result.value.id }) : result;
        };
      },
      (id) => onClose(id),
    );

  const deletion: DeleteSpec | null =
    assetId && editor.version !== null
      ? {
          title: `Delete ${label}?`,
          body: (
            <p>
              Its runs-on and depends-on links go with it: anything that ran on it will no longer show this
              layer in its restore order.
            </p>
          ),
          run: () =>
            api.call('catalog:delete', { entity: 'asset', id: assetId, baseVersion: editor.version ?? 1 }),
        }
      : null;

  const { customer, vendors, candidates, candidatesNote } = context;
  const issues = editor.issues;
  return (
    <EditorShell
      editor={editor}
      title={assetId ? 'Edit asset' : 'New asset'}
      subtitle={customer ? `${customer.code} · ${customer.name}` : undefined}
      what={label}
      size="large"
      onSave={save}
      onClose={() => onClose()}
      deletion={deletion}
      aside={
        assetId ? (
          <details className="editor-history">
            <summary>Change history</summary>
            <ChangeHistory entityId={assetId} />
          </details>
        ) : null
      }
      testId="asset-editor"
    >
      {(d) => (
        <>
          <div className="form__grid form__grid--3">
            <SelectField
              label="Kind"
              {...editor.field('kind')}
              options={ASSET_KINDS.map((k) => ({ value: k, label: ASSET_KIND_LABELS[k].one }))}
            />
            <TextField label="Name" required {...editor.field('name')} autoFocus />
            <SelectField
              label="Criticality"
              {...editor.field('criticality')}
              options={CRITICALITIES.map((c) => ({ value: c, label: c[0]?.toUpperCase() + c.slice(1) }))}
            />
            <TextField label="Host name" mono {...editor.field('hostname')} placeholder="db01.acme.local" />
            <div className="field--span2">
              <IpListField
                label="IP addresses"
                value={d.ipAddresses}
                onChange={(ipAddresses) => editor.set({ ipAddresses })}
                issues={issuesAt(issues, 'ipAddresses')}
              />
            </div>
            <SelectField
              label="Environment"
              value={d.environmentId}
              onChange={(environmentId) => {
                const env = customer?.environments.find((e) => e.id === environmentId);
                editor.set(
                  env?.siteId && !d.siteId ? { environmentId, siteId: env.siteId } : { environmentId },
                );
              }}
              options={[
                { value: '', label: '— none —' },
                ...(customer?.environments ?? []).map((e) => ({
                  value: e.id,
                  label: `${e.name} (${e.kind})`,
                })),
              ]}
              issues={issuesAt(issues, 'environmentId')}
            />
            <SelectField
              label="Site"
              {...editor.field('siteId')}
              options={[
                { value: '', label: '— none —' },
                ...(customer?.sites ?? []).map((s) => ({
                  value: s.id,
                  label: s.city ? `${s.name} · ${s.city}` : s.name,
                })),
              ]}
            />
            <TextField
              label="Platform"
              {...editor.field('platform')}
              placeholder="VMware ESXi 8, Windows Server 2022…"
            />
          </div>

          <fieldset className="form__section">
            <legend className="form__legend">Hardware and support</legend>
            <div className="form__grid form__grid--3">
              <SelectField
                label="Vendor"
                {...editor.field('vendorId')}
                options={[
                  { value: '', label: '— none —' },
                  ...[...vendors]
                    .sort((a, b) => a.name.localeCompare(b.name))
                    .map((v) => ({ value: v.id, label: v.name })),
                ]}
              />
              <TextField label="Model" {...editor.field('model')} />
              <TextField label="Serial" mono {...editor.field('serial')} />
              <TextField
                label="Management URL"
                type="url"
                className="field--span2"
                {...editor.field('managementUrl')}
                placeholder="https://idrac-db01.acme.local"
              />
              <ChipListField
                label="Tags"
                value={d.tags}
                onChange={(tags) => editor.set({ tags })}
                separators={/[,;]+/}
                placeholder="Enter adds"
                issues={issuesAt(issues, 'tags')}
              />
              <TextAreaField
                label="Access notes"
                wide
                rows={2}
                mono
                {...editor.field('accessNotes')}
                placeholder="vault://msp/acme/esx-root"
                hint="Where the credential lives, e.g. vault://msp/acme/esx-root — never the secret"
              />
            </div>
          </fieldset>

          <fieldset className="form__section">
            <legend className="form__legend">Layers and dependencies</legend>
            {candidatesNote && <p className="form__section-hint warn">{candidatesNote}</p>}
            <div className="form__grid">
              <AssetPicker
                label="Runs on"
                hint="The layer below: a VM runs on a cluster, a cluster on hosts."
                value={d.runsOn}
                onChange={(runsOn) => editor.set({ runsOn })}
                candidates={candidates}
                exclude={assetId}
                home={customerId}
                issues={issuesAt(issues, 'runsOn')}
              />
              <AssetPicker
                label="Depends on"
                hint="Services it needs to work: database, DNS, firewall, circuit."
                value={d.dependsOn}
                onChange={(dependsOn) => editor.set({ dependsOn })}
                candidates={candidates}
                exclude={assetId}
                home={customerId}
                issues={issuesAt(issues, 'dependsOn')}
              />
            </div>
          </fieldset>

          <AttributesField
            rows={d.attributes}
            onChange={(attributes) => editor.set({ attributes })}
            issues={issuesAt(issues, 'attributes')}
          />
        </>
      )}
    </EditorShell>
  );
}

const MAX_OPTIONS = 8;

function candidateMatches(c: Candidate, words: readonly string[]): boolean {
  const hay =
    `${c.name} ${c.hostname ?? ''} ${c.ipAddresses.join(' ')} ${c.customer.code} ${ASSET_KIND_LABELS[c.kind].one}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Chips for the chosen assets and a search box (combobox) to add more, keyboard first. */
function AssetPicker({
  label,
  hint,
  value,
  onChange,
  candidates,
  exclude,
  home,
  issues,
}: {
  readonly label: string;
  readonly hint: string;
  readonly value: readonly string[];
  readonly onChange: (ids: string[]) => void;
  readonly candidates: readonly Candidate[];
  readonly exclude: string | null;
  readonly home: string;
  readonly issues: Issues;
}) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const byId = useMemo(() => new Map(candidates.map((c) => [c.id, c])), [candidates]);

  const options = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const pool = candidates.filter((c) => c.id !== exclude && !value.includes(c.id));
    const hits = words.length === 0 ? pool : pool.filter((c) => candidateMatches(c, words));
    return hits.slice(0, MAX_OPTIONS);
  }, [candidates, query, value, exclude]);

  const pick = (c: Candidate | undefined) => {
    if (!c) return;
    onChange([...value, c.id]);
    setQuery('');
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        setActive((a) => (options.length ? (a + 1) % options.length : 0));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((a) => (options.length ? (a - 1 + options.length) % options.length : 0));
        break;
      case 'Enter':
        if (open && !event.ctrlKey && !event.metaKey && options.length > 0) {
          event.preventDefault();
          pick(options[Math.min(active, options.length - 1)]);
        }
        break;
      case 'Escape':
        if (open) {
          // Close the list, not the editor.
          event.preventDefault();
          setOpen(false);
        }
        break;
      case 'Backspace':
        if (query === '' && value.length > 0) onChange(value.slice(0, -1));
        break;
      default:
        break;
    }
  };

  const activeOption = open ? options[Math.min(active, options.length - 1)] : undefined;
  return (
    <Field label={label} issues={issues} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <div className="picker">
          {value.length > 0 && (
            <ul className="picker__chosen" aria-label={`${label}: chosen`}>
              {value.map((assetId) => {
                const c = byId.get(assetId);
                return (
                  <li key={assetId} className="picker__item">
                    <span className="picker__kind">{c ? ASSET_KIND_LABELS[c.kind].one : 'Asset'}</span>
                    <span className="picker__name">{c?.name ?? assetId}</span>
                    {c && c.customer.id !== home && <span className="picker__owner">{c.customer.code}</span>}
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove ${c?.name ?? 'asset'} from ${label.toLowerCase()}`}
                      onClick={() => onChange(value.filter((v) => v !== assetId))}
                    >
                      <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true">
                        <path
                          d="M6 6l12 12M18 6L6 18"
                          stroke="currentColor"
                          strokeWidth="2"
                          strokeLinecap="round"
                        />
                      </svg>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <input
            id={id}
            className="input"
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeOption ? `${listId}-${activeOption.id}` : undefined}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            placeholder="Search by name, host name or IP…"
            value={query}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => {
              setQuery(e.target.value);
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          {open && (
            <div id={listId} role="listbox" className="picker__options" aria-label={`${label} candidates`}>
              {options.length === 0 ? (
                <p className="picker__empty">
                  {candidates.length === 0
                    ? 'No assets to choose from.'
                    : `Nothing matches “${query.trim()}”.`}
                </p>
              ) : (
                options.map((c, index) => (
                  <PickerOption
                    key={c.id}
                    id={`${listId}-${c.id}`}
                    active={c === activeOption}
                    onActivate={() => setActive(index)}
                    onPick={() => pick(c)}
                  >
                    <span className="picker__kind">{ASSET_KIND_LABELS[c.kind].one}</span>
                    <span className="picker__name">{c.name}</span>
                    <span className="picker__meta mono">{c.hostname ?? c.ipAddresses[0] ?? ''}</span>
                    {c.customer.id !== home && <span className="picker__owner">{c.customer.code}</span>}
                  </PickerOption>
                ))
              )}
            </div>
          )}
        </div>
      )}
    </Field>
  );
}

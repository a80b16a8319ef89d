/**
 * The mapping step (presentational): for one CSV in another tool's layout, where each
 * column goes (a Lifeline field, an attribute, or nowhere), how a field's values translate,
 * and the first rows as they will be imported. Every edit is previewed at once with the
 * same mapRow the back end applies.
 */
import { useId } from 'react';
import type { CallOutput } from '../../shared/api/contract';
import {
  attributeName,
  type ColumnRule,
  type CsvMapping,
  guessMapping,
  MAPPING_TARGETS,
  type MappingTarget,
  mappingFromPreset,
  mappingProblems,
  mapRow,
  PRESETS,
  presetById,
  TARGET_FIELDS,
  TARGET_LABELS,
} from '../../shared/catalog/csvMapping';
import { ASSET_KIND_LABELS, ASSET_KINDS } from '../../shared/catalog/labels';

export type InspectedFile = CallOutput<'import:inspect'>['files'][number];

const OFFERED: Readonly<Record<InspectedFile['offered'], string>> = {
  saved: 'the mapping you used last time for these columns',
  preset: 'detected from the columns',
  guess: 'no preset matched: columns named like a Lifeline field are mapped, the rest ignored',
};

/** A select's value for a rule: `field:kind`, `attribute`, `ignore`. */
function ruleValue(rule: ColumnRule | undefined): string {
  if (!rule || rule.to === 'ignore') return 'ignore';
  return rule.to === 'attribute' ? 'attribute' : `field:${rule.field}`;
}

function ruleFrom(value: string, column: string, before: ColumnRule | undefined): ColumnRule {
  if (value === 'attribute') return { to: 'attribute', name: attributeName(column) || 'value' };
  if (value.startsWith('field:')) {
    const field = value.slice('field:'.length);
    // Keep the value map when the field stays the same.
    return before?.to === 'field' && before.field === field ? before : { to: 'field', field };
  }
  return { to: 'ignore' };
}

/** What a value can become, for the fields whose values are a fixed list. */
function valueChoices(field: string): ReadonlyArray<{ value: string; label: string }> | null {
  if (field === 'kind') return ASSET_KINDS.map((k) => ({ value: k, label: ASSET_KIND_LABELS[k].one }));
  return null;
}

export function MappingStep({
  file,
  mapping,
  onChange,
}: {
  readonly file: InspectedFile;
  readonly mapping: CsvMapping;
  readonly onChange: (next: CsvMapping) => void;
}) {
  const id = useId();
  const fields = TARGET_FIELDS[mapping.target];
  const problems = mappingProblems(mapping, file.header);
  const setRule = (column: string, rule: ColumnRule) =>
    onChange({ ...mapping, columns: { ...mapping.columns, [column]: rule } });
  const choosePreset = (presetId: string) => {
    const preset = presetById(presetId);
    onChange(preset ? mappingFromPreset(preset, file.header) : guessMapping(mapping.target, file.header));
  };
  const chooseTarget = (target: MappingTarget) => onChange(guessMapping(target, file.header));
  const preset = mapping.preset ? presetById(mapping.preset) : undefined;

  const previewRows = file.sample.map((cells) => mapRow(mapping, file.header, cells));
  const shownFields = fields.filter((f) => previewRows.some((r) => r.fields[f.field] !== undefined));
  const hasAttributes = previewRows.some((r) => Object.keys(r.attributes).length > 0);

  return (
    <section className="mapping" aria-labelledby={`${id}-title`} data-testid="import-mapping">
      <div className="mapping__head">
        <div>
          <h2 id={`${id}-title`} className="import__result-title">
            Map the columns of <span className="mono">{file.file}</span>
          </h2>
          <p className="muted">
            {file.rows.toLocaleString('en-US')} rows ·{' '}
            {preset ? (
              <>
                <strong data-testid="mapping-preset">{preset.label}</strong> — {OFFERED[file.offered]}
              </>
            ) : (
              OFFERED[file.offered]
            )}
          </p>
        </div>
        <div className="mapping__choices">
          <label className="field">
            <span className="field__label">Preset</span>
            <select
              className="input select"
              value={mapping.preset ?? ''}
              onChange={(e) => choosePreset(e.target.value)}
            >
              <option value="">None (map by hand)</option>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Rows become</span>
            <select
              className="input select"
              value={mapping.target}
              onChange={(e) => {
                const t = MAPPING_TARGETS.find((x) => x === e.target.value);
                if (t) chooseTarget(t);
              }}
            >
              {MAPPING_TARGETS.map((t) => (
                <option key={t} value={t}>
                  {TARGET_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      <table className="table mapping__table">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">First value</th>
            <th scope="col">Imported as</th>
          </tr>
        </thead>
        <tbody>
          {file.header.map((column, i) => {
            const rule = mapping.columns[column];
            const sample = file.sample.find((r) => (r[i] ?? '').trim() !== '')?.[i] ?? '';
            const choices = rule?.to === 'field' ? valueChoices(rule.field) : null;
            const values = file.distinct[column] ?? [];
            return (
              <tr key={column} data-column={column}>
                <td className="mono mapping__column">{column}</td>
                <td className="mapping__sample" title={sample}>
                  {sample || <span className="muted">empty</span>}
                </td>
                <td>
                  <select
                    className="input select mapping__select"
                    aria-label={`${column} is imported as`}
                    value={ruleValue(rule)}
                    onChange={(e) => setRule(column, ruleFrom(e.target.value, column, rule))}
                  >
                    <optgroup label="Lifeline field">
                      {fields.map((f) => (
                        <option key={f.field} value={`field:${f.field}`}>
                          {f.label}
                          {f.required ? ' *' : ''}
                        </option>
                      ))}
                    </optgroup>
                    <option value="attribute">
                      {mapping.target === 'assets' ? 'Attribute' : 'Kept in the notes'} (
                      {rule?.to === 'attribute' ? rule.name : attributeName(column)})
                    </option>
                    <option value="ignore">Ignored</option>
                  </select>
                  {rule?.to === 'field' && choices && values.length > 0 && (
                    <ValueMap
                      column={column}
                      rule={rule}
                      values={values}
                      choices={choices}
                      onChange={(next) => setRule(column, next)}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {problems.length > 0 && (
        <ul className="mapping__problems" role="alert" aria-label="The mapping is not complete">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}

      <h3 className="mapping__subtitle">The first rows, as they will be imported</h3>
      <div className="mapping__preview-wrap">
        <table className="table mapping__preview" data-testid="mapping-preview">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              {shownFields.map((f) => (
                <th key={f.field} scope="col">
                  {f.label}
                </th>
              ))}
              {hasAttributes && <th scope="col">Attributes</th>}
            </tr>
          </thead>
          <tbody>
            {previewRows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no identity beyond their place
              <tr key={i} className={r.leftOutBy ? 'mapping__row--out' : undefined}>
                <td className="num muted">{i + 2}</td>
                {r.leftOutBy ? (
                  <td colSpan={shownFields.length + (hasAttributes ? 1 : 0)} className="muted">
                    Left out: {r.leftOutBy.column} is “{r.leftOutBy.value}”
                  </td>
                ) : (
                  <>
                    {shownFields.map((f) => (
                      <td key={f.field}>{r.fields[f.field] ?? ''}</td>
                    ))}
                    {hasAttributes && (
                      <td className="mapping__attrs">
                        {Object.entries(r.attributes)
                          .map(([k, v]) => `${k}: ${v}`)
                          .join(' · ')}
                      </td>
                    )}
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Each value found in a column → what it becomes (or "leave the row out"). */
function ValueMap({
  column,
  rule,
  values,
  choices,
  onChange,
}: {
  readonly column: string;
  readonly rule: Extract<ColumnRule, { to: 'field' }>;
  readonly values: readonly string[];
  readonly choices: ReadonlyArray<{ value: string; label: string }>;
  readonly onChange: (next: ColumnRule) => void;
}) {
  const current = (v: string): string => {
    const hit = Object.entries(rule.values ?? {}).find(([k]) => k.trim().toLowerCase() === v.toLowerCase());
    if (hit) return hit[1] === null ? '__out' : hit[1];
    const as = v.toLowerCase().replace(/[\s-]+/g, '_');
    return choices.some((c) => c.value === as) ? as : '';
  };
  const set = (v: string, to: string) => {
    const next: Record<string, string | null> = {};
    for (const [k, x] of Object.entries(rule.values ?? {}))
      if (k.trim().toLowerCase() !== v.toLowerCase()) next[k] = x;
    next[v] = to === '__out' ? null : to;
    onChange({ ...rule, values: next });
  };
  return (
    <details className="mapping__values">
      <summary>
        Values: {values.length} different ({values.slice(0, 3).join(', ')}
        {values.length > 3 ? '…' : ''})
      </summary>
      <ul>
        {values.map((v) => (
          <li key={v}>
            <span className="mapping__value">{v}</span>
            <span aria-hidden="true">→</span>
            <select
              className="input select"
              aria-label={`${column} “${v}” becomes`}
              value={current(v)}
              onChange={(e) => set(v, e.target.value)}
            >
              <option value="" disabled>
                choose…
              </option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
              <option value="__out">Leave row out</option>
            </select>
          </li>
        ))}
      </ul>
    </details>
  );
}

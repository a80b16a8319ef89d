/** A table whose columns sort on click (again to reverse), with a CSV export of what it shows. */
import { type ReactNode, useMemo, useState } from 'react';
import { type Cell, toCsv } from '../../shared/util/csv';
import { downloadCsv } from './csv';

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  /** The value sorted on and exported; null sorts last. */
  readonly value: (row: T) => Cell;
  readonly render?: (row: T) => ReactNode;
  readonly numeric?: boolean;
}

interface Props<T> {
  readonly title: string;
  readonly caption?: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly fileName: string;
  readonly empty: string;
}

function compare(a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function SortableTable<T>({ title, caption, rows, columns, rowKey, fileName, empty }: Props<T>) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const sorted = useMemo(() => {
    const col = sort === null ? undefined : columns.find((c) => c.key === sort.key);
    if (!col || sort === null) return rows;
    return [...rows].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      // Missing values stay at the bottom in either direction.
      if (va === null || vb === null) return compare(va, vb);
      return compare(va, vb) * sort.dir;
    });
  }, [rows, columns, sort]);

  const exportCsv = () =>
    downloadCsv(
      fileName,
      toCsv(
        columns.map((c) => c.label),
        sorted.map((r) => columns.map((c) => c.value(r))),
      ),
    );

  return (
    <section className="ins-card" aria-label={title}>
      <header className="ins-card__head">
        <div>
          <h2 className="ins-card__title">{title}</h2>
          {caption ? <p className="ins-card__caption">{caption}</p> : null}
        </div>
        <button type="button" className="button" onClick={exportCsv} disabled={rows.length === 0}>
          Export CSV
        </button>
      </header>
      {rows.length === 0 ? (
        <p className="ins-empty">{empty}</p>
      ) : (
        <div className="ins-table-wrap">
          <table className="table ins-table">
            <thead>
              <tr>
                {columns.map((c) => {
                  const active = sort?.key === c.key;
                  const dir = active && sort ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none';
                  return (
                    <th key={c.key} aria-sort={dir} className={c.numeric ? 'ins-num' : undefined}>
                      <button
                        type="button"
                        className="ins-sort"
                        onClick={() =>
                          setSort((s) =>
                            s?.key === c.key
                              ? { key: c.key, dir: s.dir === 1 ? -1 : 1 }
                              : { key: c.key, dir: c.numeric ? -1 : 1 },
                          )
                        }
                      >
                        {c.label}
                        <span aria-hidden="true" className="ins-sort__arrow">
                          {active && sort ? (sort.dir === 1 ? '▲' : '▼') : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? 'ins-num' : undefined}>
                      {c.render ? c.render(r) : (c.value(r) ?? '—')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

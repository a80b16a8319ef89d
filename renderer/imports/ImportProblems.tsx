/**
 * An import's problems as a list a person can work through: where (file, line, column),
 * what is wrong, what to do. Falls back to the message when the refusal has no list.
 */
import type { ApiError } from '../../shared/api/result';

export function ImportProblems({ error }: { readonly error: ApiError }) {
  const issues = error.issues ?? [];
  if (issues.length === 0) return <p className="import__message">{error.message}</p>;
  // The message says how many there were; the list may be cut at 50.
  const total = /\((\d+) problems\)/.exec(error.message)?.[1];
  return (
    <div className="import-problems">
      <p>
        {total && Number(total) > issues.length
          ? `${total} problems; the first ${issues.length}:`
          : issues.length === 1
            ? 'One problem:'
            : `${issues.length} problems:`}
      </p>
      <table className="table import-problems__table" data-testid="import-problems">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Column</th>
            <th scope="col">What is wrong</th>
            <th scope="col">What to do</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i) => (
            <tr key={`${i.path}\u0000${i.message}`}>
              <td className="import-problems__where">
                {i.file ? `${i.file}${i.row !== undefined ? ` line ${i.row}` : ''}` : i.path}
              </td>
              <td className="mono import-problems__column">{i.column ?? ''}</td>
              <td>{i.message}</td>
              <td className="muted">{i.fix ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

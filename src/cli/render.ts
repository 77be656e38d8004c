/** Human output: tables through cli-table3. JSON output is oclif's, from the returned result. */
import Table from 'cli-table3';

export type Cell = string | number | boolean | null | undefined;

export function table(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const t = new Table({
    head: [...head],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) t.push(row.map((c) => (c === null || c === undefined ? '' : String(c))));
  return t.toString();
}

/** Two columns, key and value, for one object. */
export function keyValues(pairs: readonly (readonly [string, Cell])[]): string {
  return table(['key', 'value'], pairs);
}

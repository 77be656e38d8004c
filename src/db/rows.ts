/** Narrowing of driver results, which knex types as any. */
export type Row = Readonly<Record<string, unknown>>;

function isRow(x: unknown): x is Row {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function asRows(result: unknown): Row[] {
  if (!Array.isArray(result)) return [];
  return result.filter(isRow);
}

/** The rows of a db.raw() result: PostgreSQL wraps them in {rows}, MySQL in [rows, fields], SQLite returns them bare. */
export function rawRows(result: unknown): Row[] {
  if (isRow(result) && Array.isArray(result['rows'])) return asRows(result['rows']);
  if (Array.isArray(result) && Array.isArray(result[0])) return asRows(result[0]);
  return asRows(result);
}

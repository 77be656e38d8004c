/**
 * acc's `log_extra` / `db_extra`: `name=$pv;name=$pv`, each name a key of the syslog record or a
 * column of the table, each value one pseudo-variable evaluated on the transaction's request.
 */
import { FixupError } from '../../cfg/script-api.js';

export interface ExtraSpec {
  readonly name: string;
  /** The pseudo-variable, as written (`$fU`). */
  readonly pv: string;
}

export function parseExtra(param: string, text: string): ExtraSpec[] {
  const out: ExtraSpec[] = [];
  for (const item of text.split(';').map((s) => s.trim())) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    const pv = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new FixupError(`acc: ${param}: "${item}" is not name=$pseudo-variable`);
    if (!pv.startsWith('$')) throw new FixupError(`acc: ${param}: the value of ${name} is not a pseudo-variable`);
    out.push({ name, pv });
  }
  return out;
}

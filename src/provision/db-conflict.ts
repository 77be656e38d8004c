/** Recognises a unique-key violation from any of the three drivers. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; errno?: unknown; message?: unknown };
  if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || e.code === '23505') return true;
  return e.code === 'SQLITE_CONSTRAINT' && typeof e.message === 'string' && e.message.includes('UNIQUE');
}

/** 'YYYY-MM-DD HH:MM:SS' in local time, as MySQL's NOW() gives kamctl's last_modified. */
export function sqlNow(date: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

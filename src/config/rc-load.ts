/**
 * Finds the rc files and builds the effective configuration.
 *
 * Precedence, highest first: command-line flags, environment variables, rc files,
 * built-in defaults. Files: `--rc FILE` or `$SIPCTLRC` names exactly one file and nothing
 * else is read; otherwise `/etc/sipctl/sipctlrc`, `~/.sipctlrc` and `./sipctlrc` are read
 * in that order when present, a later file overriding an earlier one key by key (as kamctl
 * 5.6 reads all of its files).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.js';
import { parseRc } from './rc-parse.js';
import { RC_KEY_BY_NAME, RC_KEYS, type RcKeyDef } from './rc-keys.js';

export type RcSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  | { readonly kind: 'env' }
  | { readonly kind: 'flag' };

export interface RcEntry {
  readonly key: string;
  readonly value: string | undefined;
  readonly source: RcSource;
  readonly known: boolean;
  readonly secret: boolean;
}

export interface LoadRcOptions {
  /** `--rc FILE` */
  readonly rcFile?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly home?: string;
  /** Values given by command-line flags. */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
}

export const SYSTEM_RC = '/etc/sipctl/sipctlrc';

export function rcSearchPath(home: string, cwd: string): string[] {
  return [SYSTEM_RC, path.join(home, '.sipctlrc'), path.join(cwd, 'sipctlrc')];
}

export class RcConfig {
  constructor(
    private readonly entries: ReadonlyMap<string, RcEntry>,
    readonly files: readonly string[],
  ) {}

  private def(key: string): RcKeyDef {
    const def = RC_KEY_BY_NAME.get(key);
    if (def === undefined) throw new AppError('E_INTERNAL', `unknown rc key ${key} asked for`);
    return def;
  }

  get(key: string): string | undefined {
    this.def(key);
    const v = this.entries.get(key)?.value;
    return v === '' && this.def(key).kind !== 'string' ? undefined : v;
  }

  entry(key: string): RcEntry | undefined {
    return this.entries.get(key);
  }

  int(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new AppError('E_RC_VALUE', `${key}=${v} ${where(this.entries.get(key))}: a whole number is expected`);
    return Number(v);
  }

  /** kamctl's truth: 1, yes, true, on (any case) are true. */
  bool(key: string): boolean {
    const v = (this.get(key) ?? '').toLowerCase();
    return v === '1' || v === 'yes' || v === 'true' || v === 'on' || v === 'y';
  }

  list(key: string): string[] {
    return (this.get(key) ?? '').split(/\s+/).filter((s) => s !== '');
  }

  /** yes | no | ask, from kamctl's INSTALL_* keys. */
  ask(key: string): 'yes' | 'no' | 'ask' {
    const v = (this.get(key) ?? 'ask').toLowerCase();
    if (v === 'yes' || v === 'y' || v === '1') return 'yes';
    if (v === 'no' || v === 'n' || v === '0') return 'no';
    if (v === 'ask' || v === '') return 'ask';
    throw new AppError('E_RC_VALUE', `${key}=${v} ${where(this.entries.get(key))}: yes, no or ask is expected`);
  }

  all(): RcEntry[] {
    return [...this.entries.values()];
  }
}

function where(entry: RcEntry | undefined): string {
  if (entry === undefined) return '';
  switch (entry.source.kind) {
    case 'file':
      return `(${entry.source.file}:${String(entry.source.line)})`;
    case 'env':
      return '(environment)';
    case 'flag':
      return '(command line)';
    case 'default':
      return '(default)';
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('E_RC_NOT_FOUND', `cannot read rc file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

export function loadRc(opts: LoadRcOptions = {}): RcConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const home = opts.home ?? os.homedir();
  const named = opts.rcFile ?? (env['SIPCTLRC'] !== undefined && env['SIPCTLRC'] !== '' ? env['SIPCTLRC'] : undefined);
  const files = named !== undefined ? [path.resolve(cwd, named)] : rcSearchPath(home, cwd).filter((f) => fs.existsSync(f));

  const entries = new Map<string, RcEntry>();
  const set = (key: string, value: string | undefined, source: RcSource) => {
    const def = RC_KEY_BY_NAME.get(key);
    entries.set(key, { key, value, source, known: def !== undefined, secret: def?.secret === true || /PW$|PASSWORD/.test(key) });
  };

  // References in files see the environment and earlier assignments.
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars.set(k, v);
  for (const file of files) {
    for (const a of parseRc(readFile(file), file, vars)) set(a.key, a.value, { kind: 'file', file, line: a.line });
  }
  for (const def of RC_KEYS) {
    const v = env[def.name];
    if (v !== undefined) set(def.name, v, { kind: 'env' });
  }
  for (const [k, v] of Object.entries(opts.overrides ?? {})) if (v !== undefined) set(k, v, { kind: 'flag' });

  // Defaults last: some depend on other keys (DBROOTUSER on DBENGINE, PID_FILE on RUNDIR).
  const explicit = new Map<string, string>();
  for (const e of entries.values()) if (e.value !== undefined) explicit.set(e.key, e.value);
  for (const def of RC_KEYS) {
    if (!entries.has(def.name)) set(def.name, def.fallback(explicit), { kind: 'default' });
  }
  return new RcConfig(entries, files);
}

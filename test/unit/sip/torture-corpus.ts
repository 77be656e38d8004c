// Test support (not a test file): where the shared RFC 4475/5118 corpus lives and what its
// manifest says, plus the summary of a parsed message that the golden files hold.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SipParseError,
  checkRequest,
  checkResponse,
  parseMessage,
  serializeMessage,
  type NameAddr,
  type SipRequest,
  type SipResponse,
  type Uri,
  type Via,
} from '../../../src/sip/index.js';

/** The repository root: the nearest folder above this file that holds package.json. */
export function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
/** The corpus sits beside the clone, in shared/ (CI has the same layout). */
export const tortureDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'torture');
export const goldenDir = path.join(repoRoot, 'test', 'fixtures', 'sip', 'golden');

export type TortureClass = 'valid' | 'invalid' | 'semantic';

export interface TortureEntry {
  /** Path relative to the corpus, e.g. "rfc4475/wsinv.dat". */
  readonly file: string;
  /** File name without extension (and with ".clfixed" for the corrected RFC 5118 copies). */
  readonly name: string;
  readonly cls: TortureClass;
  readonly expected: string;
  readonly bytes: Buffer;
}

function isClass(s: string): s is TortureClass {
  return s === 'valid' || s === 'invalid' || s === 'semantic';
}

/** Every manifest row, plus the rfc5118-clfixed copies (class valid). */
export function loadCorpus(): TortureEntry[] {
  const rows = readFileSync(path.join(tortureDir, 'manifest.tsv'), 'utf8').trimEnd().split('\n').slice(1);
  const out: TortureEntry[] = [];
  for (const row of rows) {
    const [file = '', , , , cls = '', expected = ''] = row.split('\t');
    if (!isClass(cls)) throw new Error(`manifest: unknown class ${cls} for ${file}`);
    out.push({ file, name: path.basename(file, '.dat'), cls, expected, bytes: readFileSync(path.join(tortureDir, file)) });
    const fixed = path.join('rfc5118-clfixed', path.basename(file));
    if (file.startsWith('rfc5118/') && existsSync(path.join(tortureDir, fixed))) {
      out.push({
        file: fixed,
        name: `${path.basename(file, '.dat')}.clfixed`,
        cls: 'valid',
        expected: 'Content-Length corrected copy: accept, whole SDP body.',
        bytes: readFileSync(path.join(tortureDir, fixed)),
      });
    }
  }
  return out;
}

// ---- golden summary --------------------------------------------------------------------

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function params(map: ReadonlyMap<string, string | null>): Json {
  const o: Record<string, Json> = {};
  for (const [k, v] of map) o[k] = v;
  return o;
}

function uri(u: Uri): Json {
  switch (u.kind) {
    case 'sip':
      return {
        scheme: u.scheme,
        user: u.user,
        password: u.password,
        host: u.host,
        hostType: u.hostType,
        port: u.port,
        params: params(u.params),
        headers: u.headers.map(([n, v]) => [n, v]),
      };
    case 'tel':
      return { scheme: 'tel', number: u.number, params: params(u.params) };
    case 'opaque':
      return { scheme: u.scheme, opaque: u.opaque };
  }
}

function via(v: Via): Json {
  return {
    protocol: `${v.protocol}/${v.version}`,
    transport: v.transport,
    host: v.host,
    port: v.port,
    branch: v.branch,
    received: v.received,
    rport: v.hasRport ? v.rport ?? true : null,
    params: params(v.params),
  };
}

function nameAddr(a: NameAddr | null): Json {
  if (a === null) return null;
  return { displayName: a.displayName, uri: uri(a.uri), tag: a.tag, params: params(a.params), bracketed: a.bracketed };
}

/** Runs `read`; a SipParseError becomes `{ error: code }` so that a golden shows it. */
function guard(read: () => Json): Json {
  try {
    return read();
  } catch (err) {
    if (err instanceof SipParseError) return { error: err.code };
    throw err;
  }
}

/** The reviewed facts about a parsed message that a golden file records. */
export function summarize(msg: SipRequest | SipResponse): Json {
  const start: Record<string, Json> =
    msg.kind === 'request'
      ? { kind: 'request', method: msg.method, requestUri: guard(() => uri(msg.requestUri)), version: msg.version }
      : { kind: 'response', status: msg.status, reason: msg.reason, version: msg.version };
  return {
    ...start,
    vias: guard(() => msg.vias.map(via)),
    from: guard(() => nameAddr(msg.from)),
    to: guard(() => nameAddr(msg.to)),
    contacts: guard(() => {
      const c = msg.contacts;
      return c === null || c === '*' ? c : c.map(nameAddr);
    }),
    routes: guard(() => msg.routes.map(nameAddr)),
    recordRoutes: guard(() => msg.recordRoutes.map(nameAddr)),
    callId: guard(() => msg.callId),
    cseq: guard(() => {
      const c = msg.cseq;
      return c === null ? null : { seq: c.seq, method: c.method };
    }),
    maxForwards: guard(() => msg.maxForwards),
    expires: guard(() => msg.expires),
    contentLength: guard(() => msg.contentLength),
    contentType: guard(() => {
      const t = msg.contentType;
      return t === null ? null : `${t.type}/${t.subtype}`;
    }),
    bodyLength: msg.body.length,
    discardedTrailingBytes: msg.source?.trailing ?? 0,
    headerNames: msg.headers.map((h) => h.name),
  };
}

/**
 * Reads every accessor, runs the sanity checks, serializes and re-parses: the whole surface
 * hostile input can reach. Throws whatever escapes (only SipParseError is allowed to).
 */
export function exerciseAll(msg: SipRequest | SipResponse): void {
  const read = (f: () => unknown): void => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof SipParseError)) throw err;
    }
  };
  if (msg.kind === 'request') read(() => msg.requestUri);
  read(() => msg.vias);
  read(() => msg.topVia);
  read(() => msg.from);
  read(() => msg.to);
  read(() => msg.contacts);
  read(() => msg.routes);
  read(() => msg.recordRoutes);
  read(() => msg.callId);
  read(() => msg.cseq);
  read(() => msg.maxForwards);
  read(() => msg.expires);
  read(() => msg.contentLength);
  read(() => msg.contentType);
  read(() => msg.date);
  read(() => msg.headerList('supported'));
  read(() => msg.headers.map((h) => h.value));
  if (msg.kind === 'request') checkRequest(msg);
  else checkResponse(msg);
  parseMessage(serializeMessage(msg));
}

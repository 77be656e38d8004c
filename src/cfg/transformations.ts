/**
 * Transformations (`$(ru{uri.user})`, `$(var(x){s.len})`): each `{class.name,params}` turns a
 * value into another. They are parsed once at start-up into a list of functions; an unknown
 * transformation is a start-up error.
 */
import { createHash } from 'node:crypto';
import { parseNameAddr, parseUri } from '../sip/index.js';
import { FixupError } from './script-api.js';
import { toInt, toStr, type ScriptValue } from './script-value.js';

export type Transformation = (v: ScriptValue) => ScriptValue;

function nullIfEmpty(s: string | null | undefined): ScriptValue {
  return s === null || s === undefined || s.length === 0 ? null : s;
}

function uriPart(v: ScriptValue, part: (u: ReturnType<typeof parseUri>) => ScriptValue): ScriptValue {
  if (v === null) return null;
  try {
    return part(parseUri(toStr(v)));
  } catch {
    return null;
  }
}

function paramsOf(text: string, sep: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(sep)) {
    const p = raw.trim();
    if (p.length === 0) continue;
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim();
    if (!out.has(name)) out.set(name, eq < 0 ? '' : p.slice(eq + 1).trim());
  }
  return out;
}

function intParam(params: readonly string[], i: number, tr: string): number {
  const p = params[i];
  if (p === undefined || !/^-?[0-9]+$/.test(p)) throw new FixupError(`transformation {${tr}} needs an integer as parameter ${String(i + 1)}`);
  return Number(p);
}

function strParam(params: readonly string[], i: number, tr: string): string {
  const p = params[i];
  if (p === undefined) throw new FixupError(`transformation {${tr}} needs a parameter ${String(i + 1)}`);
  return p;
}

/** Builds one transformation from `class.name` and its constant parameters. */
function build(name: string, params: readonly string[]): Transformation {
  switch (name) {
    case 's.len':
      return (v) => toStr(v).length;
    case 's.int':
      return (v) => toInt(v);
    case 's.tolower':
      return (v) => (v === null ? null : toStr(v).toLowerCase());
    case 's.toupper':
      return (v) => (v === null ? null : toStr(v).toUpperCase());
    case 's.trim':
      return (v) => (v === null ? null : toStr(v).trim());
    case 's.md5':
      return (v) => createHash('md5').update(toStr(v)).digest('hex');
    case 's.numeric':
      return (v) => toStr(v).replace(/[^0-9]/g, '');
    case 's.substr': {
      const offset = intParam(params, 0, name);
      const len = intParam(params, 1, name);
      return (v) => {
        const s = toStr(v);
        const start = offset < 0 ? Math.max(0, s.length + offset) : offset;
        return len === 0 ? s.slice(start) : s.slice(start, start + len);
      };
    }
    case 's.strip': {
      const n = intParam(params, 0, name);
      return (v) => toStr(v).slice(n);
    }
    case 's.striptail': {
      const n = intParam(params, 0, name);
      return (v) => {
        const s = toStr(v);
        return s.slice(0, Math.max(0, s.length - n));
      };
    }
    case 's.select': {
      const index = intParam(params, 0, name);
      const sep = strParam(params, 1, name);
      return (v) => {
        const parts = toStr(v).split(sep);
        return parts[index < 0 ? parts.length + index : index] ?? null;
      };
    }
    case 'uri.user':
      return (v) => uriPart(v, (u) => (u.kind === 'sip' ? nullIfEmpty(u.user) : u.kind === 'tel' ? u.number : null));
    case 'uri.host':
    case 'uri.domain':
      return (v) => uriPart(v, (u) => (u.kind === 'sip' ? u.host : null));
    case 'uri.port':
      return (v) => uriPart(v, (u) => (u.kind === 'sip' && u.port !== null ? u.port : null));
    case 'uri.scheme':
      return (v) => uriPart(v, (u) => u.scheme);
    case 'uri.transport':
      return (v) => uriPart(v, (u) => (u.kind === 'sip' ? nullIfEmpty(u.params.get('transport')) : null));
    case 'uri.params':
      return (v) => {
        const s = toStr(v);
        const semi = s.indexOf(';');
        return semi < 0 ? null : s.slice(semi + 1).split('?')[0] ?? null;
      };
    case 'uri.param': {
      const p = strParam(params, 0, name).toLowerCase();
      return (v) => uriPart(v, (u) => (u.kind === 'sip' || u.kind === 'tel' ? (u.params.get(p) ?? null) : null));
    }
    case 'nameaddr.uri':
      return (v) => {
        if (v === null) return null;
        try {
          return parseNameAddr(toStr(v), 'E_SIP_PARSE_URI').uri.raw;
        } catch {
          return null;
        }
      };
    case 'nameaddr.name':
      return (v) => {
        if (v === null) return null;
        try {
          return parseNameAddr(toStr(v), 'E_SIP_PARSE_URI').displayName;
        } catch {
          return null;
        }
      };
    case 'param.value': {
      const p = strParam(params, 0, name);
      const sep = params[1] ?? ';';
      return (v) => paramsOf(toStr(v), sep).get(p) ?? null;
    }
    case 'param.count': {
      const sep = params[0] ?? ';';
      return (v) => paramsOf(toStr(v), sep).size;
    }
    default:
      throw new FixupError(`unknown transformation {${name}}`);
  }
}

/** Parses `{a.b}{c.d,1,2}` into the list of transformations, applied left to right. */
export function parseTransformations(text: string): Transformation[] {
  const out: Transformation[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '{') throw new FixupError(`expected '{' to start a transformation, found ${JSON.stringify(text.slice(i, i + 10))}`);
    const close = text.indexOf('}', i);
    if (close < 0) throw new FixupError("expected '}' to close a transformation");
    const body = text.slice(i + 1, close);
    const parts = body.split(',');
    const name = (parts[0] ?? '').trim();
    out.push(build(name, parts.slice(1)));
    i = close + 1;
  }
  return out;
}

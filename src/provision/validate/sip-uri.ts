/**
 * SIP and SIPS URIs as provisioning stores them (speed dial targets, AVP values): checked
 * against RFC 3261 §19.1 before the insert, without rewriting the text the user gave.
 */
import { validateDomain, validateUsername } from './user-domain.js';
import { charLength, firstControlChar, quote, usageError } from './validation.js';

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  /** `;name[=value]` parameters, in order, as written. */
  readonly params: readonly (readonly [string, string | undefined])[];
  /** The `?headers` part, as written, without the `?`. */
  readonly headers: string | undefined;
}

const PARAM = /^[A-Za-z0-9\-_.!~*'()[\]/:&+$%]+$/;
const HEADERS = /^[A-Za-z0-9\-_.!~*'()[\]/?:+$%=&]*$/;

export interface SipUriOptions {
  /** Largest length in characters (the column's). */
  readonly max?: number;
  /** Require a user part (`sip:user@host`), as kamctl's speeddial add does. */
  readonly requireUser?: boolean;
}

export function parseSipUri(field: string, text: string, opts: SipUriOptions = {}): SipUri {
  if (text === '') throw usageError(field, 'the URI is empty');
  if (opts.max !== undefined && charLength(text) > opts.max) throw usageError(field, `the URI ${quote(text)} is ${String(charLength(text))} characters long; at most ${String(opts.max)} fit`);
  if (firstControlChar(text) !== undefined || /\s/.test(text)) throw usageError(field, `the URI ${quote(text)} contains white space or control characters`);
  const m = /^(sips?):(.*)$/i.exec(text);
  if (m === null) throw usageError(field, `${quote(text)} is not a SIP URI: it must start with sip: or sips:`);
  const scheme = (m[1] ?? '').toLowerCase() === 'sips' ? 'sips' : 'sip';
  let rest = m[2] ?? '';
  let headers: string | undefined;
  const q = rest.indexOf('?');
  if (q !== -1) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
    if (!HEADERS.test(headers)) throw usageError(field, `the headers of ${quote(text)} hold characters a URI cannot`);
  }
  let user: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    password = colon === -1 ? undefined : userinfo.slice(colon + 1);
    validateUsername(field, user, Number.MAX_SAFE_INTEGER);
  } else if (opts.requireUser === true) {
    throw usageError(field, `${quote(text)} has no user part: write sip:user@domain`);
  }
  const [hostport = '', ...paramTexts] = rest.split(';');
  let host = hostport;
  let port: number | undefined;
  const portMatch = /^(.*):(\d{1,5})$/.exec(hostport);
  if (portMatch !== null && !(hostport.startsWith('[') && !hostport.includes(']:'))) {
    host = portMatch[1] ?? '';
    port = Number(portMatch[2]);
    if (port < 1 || port > 65535) throw usageError(field, `the port of ${quote(text)} is out of range 1-65535`);
  }
  validateDomain(field, host, Number.MAX_SAFE_INTEGER);
  const params: [string, string | undefined][] = [];
  for (const p of paramTexts) {
    const eq = p.indexOf('=');
    const name = eq === -1 ? p : p.slice(0, eq);
    const value = eq === -1 ? undefined : p.slice(eq + 1);
    if (!PARAM.test(name) || (value !== undefined && value !== '' && !PARAM.test(value))) throw usageError(field, `the parameter ${quote(p)} of ${quote(text)} is malformed`);
    params.push([name, value]);
  }
  return { scheme, user, password, host, port, params, headers };
}

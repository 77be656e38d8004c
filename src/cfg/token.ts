/**
 * Tokens of the routing language. Every token carries the place where its text starts in
 * the file the user wrote; a token produced by expanding a `#!define` carries the place of
 * the name that was expanded, and names the define in `fromDefine`.
 */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The directive forms the lexer recognises (`#!name` or `!!name`, and the two file forms). */
export type DirectiveName =
  | 'define'
  | 'trydef'
  | 'redefine'
  | 'undef'
  | 'tryundef'
  | 'ifdef'
  | 'ifndef'
  | 'else'
  | 'endif'
  | 'subst'
  | 'substdef'
  | 'substdefs'
  | 'defenv'
  | 'defenvs'
  | 'trydefenv'
  | 'trydefenvs'
  | 'include_file'
  | 'import_file'
  | 'compat';

export type CompatMode = 'kamailio' | 'ser' | 'maxcompat';

interface TokenBase {
  readonly pos: SourcePos;
  /** Set on tokens that come from the value of a define: its name. */
  readonly fromDefine?: string;
}

/** A word: identifier, keyword or global parameter name. `reserved` words are never define-expanded. */
export interface IdToken extends TokenBase {
  readonly kind: 'id';
  readonly text: string;
  readonly reserved: boolean;
}

/** Decimal, hex (`0x1f`), octal (`017`), binary (`101b`) numbers and the words yes/no/on/off/… */
export interface NumberToken extends TokenBase {
  readonly kind: 'number';
  readonly text: string;
  readonly value: number;
}

/** A string after escape decoding; adjacent double-quoted literals are already joined. */
export interface StringToken extends TokenBase {
  readonly kind: 'string';
  readonly value: string;
  readonly quote: '"' | "'";
}

/** A pseudo-variable, kept as written (`$ru`, `$var(x)`, `$(ru{s.len})`, `$rc`). */
export interface PvToken extends TokenBase {
  readonly kind: 'pv';
  readonly text: string;
}

/** A select, kept as written (`@cfg_get.pstn.gw_ip`). */
export interface SelectToken extends TokenBase {
  readonly kind: 'select';
  readonly text: string;
}

/** An IPv6 address literal such as `::1` or `2001:db8::5`. */
export interface Ipv6Token extends TokenBase {
  readonly kind: 'ipv6';
  readonly text: string;
}

/** A word made of letters and digits that starts with a digit (`3com`, `08`): a host name part. */
export interface NumIdToken extends TokenBase {
  readonly kind: 'numid';
  readonly text: string;
}

/** The name inside `event_route[...]` (`xhttp:request`). */
export interface EventNameToken extends TokenBase {
  readonly kind: 'evname';
  readonly text: string;
}

/** Operators and punctuation; word operators are given in their symbol form (`and` → `&&`). */
export interface OpToken extends TokenBase {
  readonly kind: 'op';
  readonly text: string;
  /** The spelling in the file when it differs from `text` (`and`, `or`, `not`). */
  readonly spelling?: string;
}

export interface DirectiveToken extends TokenBase {
  readonly kind: 'directive';
  readonly name: DirectiveName;
  /** The defined/tested name, the file name of include/import, the env spec, the compat mode. */
  readonly arg?: string;
  readonly argPos?: SourcePos;
  /** The value of `#!define NAME value` (continuation lines joined). */
  readonly value?: string;
  readonly valuePos?: SourcePos;
}

export interface EofToken extends TokenBase {
  readonly kind: 'eof';
}

export type Token =
  | IdToken
  | NumberToken
  | StringToken
  | PvToken
  | SelectToken
  | Ipv6Token
  | NumIdToken
  | EventNameToken
  | OpToken
  | DirectiveToken
  | EofToken;

/** How a token is named in an error message: `identifier "foo"`, `'{'`, `end of file`. */
export function describeToken(token: Token): string {
  const origin = token.fromDefine === undefined ? '' : ` (from define ${token.fromDefine})`;
  switch (token.kind) {
    case 'id':
      return `${token.reserved ? 'keyword' : 'identifier'} "${token.text}"${origin}`;
    case 'number':
      return `number ${token.text}${origin}`;
    case 'string':
      return `string ${JSON.stringify(shorten(token.value))}${origin}`;
    case 'pv':
      return `pseudo-variable ${shorten(token.text)}${origin}`;
    case 'select':
      return `select ${shorten(token.text)}${origin}`;
    case 'ipv6':
      return `IPv6 address ${token.text}${origin}`;
    case 'numid':
      return `word "${token.text}"${origin}`;
    case 'evname':
      return `event name "${token.text}"${origin}`;
    case 'op':
      return `'${token.spelling ?? token.text}'${origin}`;
    case 'directive':
      return `directive #!${token.name}`;
    case 'eof':
      return 'end of file';
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${String(pos.line)}:${String(pos.column)}`;
}

/**
 * A recursive-descent parser for Kamailio 5.6's routing language. It reads tokens from the
 * preprocessor and builds the tree of ast.ts. The grammar follows Kamailio's cfg.y:
 *
 * - top level: `name = value` global parameters (with the socket lists of `listen`/`alias`),
 *   cfg-framework variables `group.name = value [desc "..."]`, `loadmodule`, `modparam`,
 *   `mpath`, `flags`, and route blocks;
 * - a route body is a list of actions, each `call;`, `$pv = expr;`, `return|exit|drop [expr];`,
 *   `break;`, `if`, `switch`, `while` or `;`; `if`/`while` take one action or a `{}` block, and
 *   their condition needs no parentheses;
 * - expressions use cfg.y's precedence, lowest first: `||`, `&&`, `|`, `&`, `^`, `<<`, `>>`,
 *   `== != =~ eq ne ieq ine`, `< > <= >=`, `+ -`, `* / mod`, then the unary `! ~ - defined
 *   (int) (str)`. Core keywords (`method`, `uri`, `src_ip`, …) must be compared with something,
 *   and `myself` can only be compared with a URI or IP keyword.
 *
 * Things Kamailio 5.6 rejects but that are harmless (`+=`, `:=`, `%`, `!~`, empty blocks,
 * OpenSIPS route types) are accepted with a warning that says Kamailio would not.
 */
import { CfgError } from './cfg-error.js';
import { describeToken } from './token.js';
import type {
  AddressLit,
  BinaryOp,
  CallExpr,
  CfgVar,
  Config,
  CoreKeyword,
  Expression,
  FlagsDecl,
  GlobalParam,
  ModParam,
  NumberValue,
  ParamValue,
  RouteBlock,
  RouteCallExpr,
  RouteType,
  SocketListValue,
  SocketSpec,
  Statement,
  StringValue,
  SwitchCase,
  TopItem,
} from './ast.js';
import type { CfgWarning } from './preprocessor.js';
import type { CompatMode, SourcePos, Token } from './token.js';

/** Where the parser gets its tokens: the preprocessor, or a plain list in tests. */
export interface TokenSource {
  next(): Token;
  /** Told about every `loadmodule`, so that `MOD_name` is defined from there on. */
  defineModule?(modulePath: string): void;
}

const CORE_KEYWORDS: ReadonlyMap<string, CoreKeyword> = new Map<string, CoreKeyword>([
  ['method', 'method'], ['uri', 'uri'], ['status', 'status'], ['from_uri', 'from_uri'], ['to_uri', 'to_uri'],
  ['src_ip', 'src_ip'], ['dst_ip', 'dst_ip'], ['snd_ip', 'snd_ip'], ['to_ip', 'to_ip'],
  ['src_port', 'src_port'], ['dst_port', 'dst_port'], ['snd_port', 'snd_port'], ['to_port', 'to_port'],
  ['proto', 'proto'], ['snd_proto', 'snd_proto'], ['to_proto', 'snd_proto'],
  ['af', 'af'], ['snd_af', 'snd_af'], ['to_af', 'snd_af'], ['msg:len', 'msg:len'],
]);
const URI_KEYWORDS: ReadonlySet<CoreKeyword> = new Set(['uri', 'status', 'from_uri', 'to_uri']);
const IP_KEYWORDS: ReadonlySet<CoreKeyword> = new Set(['src_ip', 'dst_ip', 'snd_ip', 'to_ip']);

/** Core actions that Kamailio accepts without parentheses. */
const BARE_ACTIONS: ReadonlySet<string> = new Set([
  'force_rport', 'add_rport', 'add_local_rport', 'force_tcp_alias', 'add_tcp_alias', 'revert_uri',
  'set_forward_no_connect', 'set_reply_no_connect', 'set_forward_close', 'set_reply_close',
]);

const PROTOCOLS: ReadonlySet<string> = new Set(['udp', 'UDP', 'tcp', 'TCP', 'tls', 'TLS', 'sctp', 'SCTP', 'ws', 'WS', 'wss', 'WSS']);

const ROUTE_KEYWORDS: ReadonlySet<string> = new Set([
  'route', 'request_route', 'failure_route', 'onreply_route', 'reply_route', 'branch_route', 'onsend_route',
  'event_route', 'error_route', 'local_route', 'startup_route', 'timer_route',
]);

/** Words that start a top-level statement, so they cannot be the value of a global parameter. */
const TOP_KEYWORDS: ReadonlySet<string> = new Set([
  'loadmodule', 'loadmodulex', 'loadpath', 'mpath', 'modparam', 'modparamx', 'cfgengine', 'flags', 'bool', 'avpflags',
]);

/** Binary operators by precedence level, lowest first (cfg.y's %left lines). */
const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['&'],
  ['^'],
  ['<<'],
  ['>>'],
  ['==', '!=', '=~', '!~', 'eq', 'ne', 'ieq', 'ine'],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', 'mod', '%'],
];
const EQUALITY_LEVEL = 7;
const COMPARISON_OPS: ReadonlySet<string> = new Set([...(LEVELS[7] ?? []), ...(LEVELS[8] ?? [])]);

interface ExprContext {
  /** Inside the arguments of a function call: sockets `proto:host:port` and `host:port` allowed, calls not. */
  readonly args: boolean;
}

const PLAIN: ExprContext = { args: false };
const ARGS: ExprContext = { args: true };

export class Parser {
  readonly warnings: CfgWarning[] = [];
  private readonly buffer: Token[] = [];
  /** Set while the right operand of ==/!= is parsed: `myself` may stand there. */
  private myselfOk = false;

  constructor(private readonly source: TokenSource) {}

  // ------------------------------------------------------------------------ token access

  private peek(k = 0): Token {
    while (this.buffer.length <= k) this.buffer.push(this.source.next());
    const t = this.buffer[k];
    if (t === undefined) throw new Error('token buffer underflow');
    return t;
  }

  private take(): Token {
    const t = this.peek();
    this.buffer.shift();
    return t;
  }

  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }

  private isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'id' && t.text === text;
  }

  private fail(token: Token, expected: string): never {
    throw new CfgError('E_CFG_SYNTAX', token.pos, `expected ${expected}, found ${describeToken(token)}`);
  }

  private expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind === 'op' && t.text === text) return this.take();
    this.fail(t, `'${text}' ${what}`);
  }

  private expectString(what: string): { value: string; pos: SourcePos } {
    const t = this.peek();
    if (t.kind !== 'string') this.fail(t, `a string ${what}`);
    this.take();
    return { value: t.value, pos: t.pos };
  }

  private warn(pos: SourcePos, message: string): void {
    this.warnings.push({ pos, message });
  }

  // ------------------------------------------------------------------------ top level

  parseConfig(file: string, compat: () => CompatMode | undefined, files: () => readonly string[]): Config {
    const items: TopItem[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      if (t.kind === 'op' && t.text === ';') {
        this.take();
        continue;
      }
      items.push(this.topItem());
    }
    return { kind: 'config', file, compat: compat(), items, files: files() };
  }

  private topItem(): TopItem {
    const t = this.peek();
    const top = 'a global parameter (name=value), loadmodule, modparam or a route block';
    if (t.kind !== 'id') this.fail(t, top);
    switch (t.text) {
      case 'loadmodule':
      case 'loadmodulex': {
        this.take();
        const s = this.expectString(`(the module path) after ${t.text}`);
        this.source.defineModule?.(s.value);
        return { kind: 'loadmodule', path: s.value, module: moduleName(s.value), extended: t.text === 'loadmodulex', pos: t.pos };
      }
      case 'loadpath':
      case 'mpath': {
        this.take();
        if (this.isOp('=')) this.take();
        const s = this.expectString(`(the module directory) after ${t.text}`);
        return { kind: 'loadpath', path: s.value, pos: t.pos };
      }
      case 'cfgengine': {
        this.take();
        if (this.isOp('=')) this.take();
        const s = this.expectString('(the engine name) after cfgengine');
        return { kind: 'cfgengine', engine: s.value, pos: t.pos };
      }
      case 'modparam':
      case 'modparamx':
        return this.modparam();
      case 'flags':
      case 'bool':
      case 'avpflags':
        return this.flagsDecl();
      default:
        break;
    }
    if (ROUTE_KEYWORDS.has(t.text)) return this.routeBlock();
    if (this.isOp('=', 1)) return this.globalParam();
    if (this.isOp('.', 1) || this.isOp('[', 1)) return this.cfgVar();
    this.fail(this.peek(1), `'=' after the global parameter name "${t.text}" (or ${top})`);
  }

  private modparam(): ModParam {
    const kw = this.take();
    const extended = kw.kind === 'id' && kw.text === 'modparamx';
    this.expectOp('(', `after ${extended ? 'modparamx' : 'modparam'}`);
    const mod = this.expectString('(the module name) as the first modparam argument');
    this.expectOp(',', 'after the module name');
    const param = this.expectString('(the parameter name) as the second modparam argument');
    this.expectOp(',', 'after the parameter name');
    const v = this.peek();
    let value: ModParam['value'];
    if (v.kind === 'string') {
      this.take();
      value = { type: 'string', value: v.value, pos: v.pos };
    } else if (v.kind === 'number' || (v.kind === 'op' && v.text === '-' && this.peek(1).kind === 'number')) {
      value = this.intno('the parameter value');
    } else if (extended && v.kind === 'pv') {
      this.take();
      value = { type: 'pv', value: v.text, pos: v.pos };
    } else {
      this.fail(v, `a string or a number as the modparam value${extended ? ' (or a pseudo-variable)' : ''}`);
    }
    this.expectOp(')', 'to close modparam');
    return { kind: 'modparam', module: mod.value, modulePos: mod.pos, param: param.value, paramPos: param.pos, value, extended, pos: kw.pos };
  }

  private intno(what: string): NumberValue {
    const t = this.peek();
    if (t.kind === 'number') {
      this.take();
      return { type: 'number', value: t.value, text: t.text, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '-') {
      this.take();
      const n = this.peek();
      if (n.kind !== 'number') this.fail(n, `a number after '-' in ${what}`);
      this.take();
      return { type: 'number', value: -n.value, text: `-${n.text}`, pos: t.pos };
    }
    this.fail(t, `a number as ${what}`);
  }

  private flagsDecl(): FlagsDecl {
    const kw = this.take();
    const avp = kw.kind === 'id' && kw.text === 'avpflags';
    const flags: { name: string; bit?: number; pos: SourcePos }[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'string' && t.kind !== 'id') this.fail(t, 'a flag name');
      this.take();
      const name = t.kind === 'string' ? t.value : t.text;
      if (!avp && this.isOp(':')) {
        this.take();
        const n = this.peek();
        if (n.kind !== 'number') this.fail(n, `a flag number after "${name}:"`);
        this.take();
        flags.push({ name, bit: n.value, pos: t.pos });
      } else {
        flags.push({ name, pos: t.pos });
      }
      if (!this.isOp(',')) break;
      this.take();
    }
    return { kind: 'flags', avp, flags, pos: kw.pos };
  }

  private globalParam(): GlobalParam {
    const nameTok = this.take();
    const name = nameTok.kind === 'id' ? nameTok.text : '';
    this.take(); // '='
    const value = name === 'listen' || name === 'alias' ? this.socketList(name === 'listen') : this.paramValue(name);
    return { kind: 'param', name, value, pos: nameTok.pos };
  }

  private cfgVar(): CfgVar {
    const groupTok = this.take();
    const group = groupTok.kind === 'id' ? groupTok.text : '';
    let instance: number | undefined;
    if (this.isOp('[')) {
      this.take();
      const n = this.peek();
      if (n.kind !== 'number') this.fail(n, `a group instance number in ${group}[...]`);
      this.take();
      instance = n.value;
      this.expectOp(']', `to close ${group}[${n.text}`);
    }
    this.expectOp('.', `between the group "${group}" and the variable name`);
    const nameTok = this.peek();
    if (nameTok.kind !== 'id') this.fail(nameTok, `a variable name after "${group}."`);
    this.take();
    this.expectOp('=', `after ${group}.${nameTok.text}`);
    const v = this.peek();
    let value: NumberValue | StringValue;
    if (v.kind === 'string') {
      this.take();
      value = { type: 'string', value: v.value, pos: v.pos };
    } else if (v.kind === 'number') {
      this.take();
      value = { type: 'number', value: v.value, text: v.text, pos: v.pos };
    } else {
      this.fail(v, `a number or a string as the value of ${group}.${nameTok.text}`);
    }
    let description: string | undefined;
    if (instance === undefined && (this.isWord('desc') || this.isWord('descr') || this.isWord('description'))) {
      this.take();
      description = this.expectString('(the description) after desc').value;
    }
    return {
      kind: 'cfgvar',
      group,
      ...(instance === undefined ? {} : { instance }),
      name: nameTok.text,
      value,
      ...(description === undefined ? {} : { description }),
      pos: groupTok.pos,
    };
  }

  /** One value: number, string, IP address, or a word/dotted name. */
  private paramValue(name: string): ParamValue {
    const t = this.peek();
    if (t.kind === 'string') {
      this.take();
      return { type: 'string', value: t.value, pos: t.pos };
    }
    if ((t.kind === 'number' && !this.isOp('.', 1)) || (t.kind === 'op' && t.text === '-')) return this.intno(`the value of ${name}`);
    if (t.kind === 'ipv6' || (t.kind === 'op' && t.text === '[')) {
      const a = this.ipv6Literal();
      return { type: 'address', value: a.address, family: 6, pos: a.pos };
    }
    if (t.kind === 'id' && (TOP_KEYWORDS.has(t.text) || ROUTE_KEYWORDS.has(t.text) || this.isOp('=', 1))) {
      this.fail(t, `a value for ${name}`);
    }
    if (t.kind === 'number' || t.kind === 'id' || t.kind === 'numid') {
      const ip = this.tryIpv4();
      if (ip !== undefined) return { type: 'address', value: ip.address, family: 4, pos: ip.pos };
      return { type: 'ident', value: this.hostName(false), pos: t.pos };
    }
    this.fail(t, `a number, a string or a name as the value of ${name}`);
  }

  private socketList(isListen: boolean): SocketListValue {
    const first = this.peek();
    const sockets: SocketSpec[] = [this.socketSpec()];
    while (this.startsSocket()) sockets.push(this.socketSpec());
    let advertise: SocketListValue['advertise'];
    let name: string | undefined;
    let virtual = false;
    if (isListen) {
      if (this.isWord('advertise') || this.isWord('ADVERTISE')) {
        const kw = this.take();
        const host = this.listenId();
        let port: number | undefined;
        if (this.isOp(':')) {
          this.take();
          const p = this.peek();
          if (p.kind !== 'number') this.fail(p, 'a port number after the advertised address');
          this.take();
          port = p.value;
        }
        advertise = { host, ...(port === undefined ? {} : { port }), pos: kw.pos };
      }
      if (this.isWord('name') || this.isWord('NAME')) {
        this.take();
        name = this.expectString('(the socket name) after name').value;
      }
      if (this.isWord('virtual')) {
        this.take();
        virtual = true;
      }
    }
    return {
      type: 'sockets',
      sockets,
      ...(advertise === undefined ? {} : { advertise }),
      ...(name === undefined ? {} : { name }),
      virtual,
      pos: first.pos,
    };
  }

  /** Another socket follows in a `listen`/`alias` list (and not the next statement). */
  private startsSocket(): boolean {
    const t = this.peek();
    if (t.kind === 'string' || t.kind === 'ipv6' || t.kind === 'numid' || t.kind === 'number') return true;
    if (t.kind === 'op') return t.text === '(' || t.text === '[' || (t.text === '*' && this.isOp(':', 1));
    if (t.kind !== 'id') return false;
    if (PROTOCOLS.has(t.text)) return this.isOp(':', 1);
    if (t.reserved || ROUTE_KEYWORDS.has(t.text)) return false;
    // `name =` or `group.name =` start the next statement.
    if (this.isOp('=', 1) || this.isOp('[', 1)) return false;
    if (this.isOp('.', 1) && this.peek(2).kind === 'id' && this.isOp('=', 3)) return false;
    return true;
  }

  private socketSpec(): SocketSpec {
    const start = this.peek();
    let proto: string | undefined;
    if ((start.kind === 'id' && PROTOCOLS.has(start.text)) || (start.kind === 'op' && start.text === '*')) {
      if (this.isOp(':', 1)) {
        this.take();
        this.take();
        proto = start.kind === 'id' ? start.text.toLowerCase() : '*';
      }
    }
    let hosts: string[];
    if (this.isOp('(')) {
      this.take();
      hosts = [this.listenId()];
      while (this.isOp(',')) {
        this.take();
        hosts.push(this.listenId());
      }
      this.expectOp(')', 'to close the list of addresses');
    } else {
      hosts = [this.listenId()];
    }
    let port: number | undefined;
    if (this.isOp(':')) {
      this.take();
      const p = this.peek();
      if (p.kind === 'number') port = p.value;
      else if (p.kind === 'op' && p.text === '*') port = 0;
      else this.fail(p, 'a port number (or *) after the address');
      this.take();
    }
    return { ...(proto === undefined ? {} : { proto }), hosts, ...(port === undefined ? {} : { port }), pos: start.pos };
  }

  /** An address in a listen/alias: IP, quoted string, or host/interface name. */
  private listenId(): string {
    const t = this.peek();
    if (t.kind === 'string') {
      this.take();
      return t.value;
    }
    if (t.kind === 'ipv6' || (t.kind === 'op' && t.text === '[')) return this.ipv6Literal().address;
    if (t.kind === 'number' || t.kind === 'numid' || (t.kind === 'id' && !PROTOCOLS.has(t.text))) {
      return this.tryIpv4()?.address ?? this.hostName(true);
    }
    this.fail(t, 'an IP address, a host name or an interface name');
  }

  private tryIpv4(): AddressLit | undefined {
    const a = this.peek(0);
    if (a.kind !== 'number') return undefined;
    for (const k of [1, 3, 5]) if (!this.isOp('.', k)) return undefined;
    const parts = [a, this.peek(2), this.peek(4), this.peek(6)];
    const octets: number[] = [];
    for (const p of parts) {
      if (p.kind !== 'number') return undefined;
      octets.push(p.value);
    }
    for (let k = 0; k < 7; k++) this.take();
    if (octets.some((o) => o < 0 || o > 255)) {
      throw new CfgError('E_CFG_SYNTAX', a.pos, `expected an IPv4 address with parts 0..255, found ${octets.join('.')}`);
    }
    return { kind: 'address', address: octets.join('.'), family: 4, pos: a.pos };
  }

  private ipv6Literal(): AddressLit {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '[') {
      this.take();
      const inner = this.peek();
      if (inner.kind !== 'ipv6') this.fail(inner, "an IPv6 address after '['");
      this.take();
      this.expectOp(']', 'to close the IPv6 address');
      return { kind: 'address', address: inner.text, family: 6, pos: t.pos };
    }
    if (t.kind !== 'ipv6') this.fail(t, 'an IPv6 address');
    this.take();
    return { kind: 'address', address: t.text, family: 6, pos: t.pos };
  }

  /** `a.b.c` (and `a-b` where `dashes`): a host or interface name made of several tokens. */
  private hostName(dashes: boolean): string {
    let text = this.hostPart();
    for (;;) {
      if (this.isOp('.') || (dashes && this.isOp('-'))) {
        const next = this.peek(1);
        if (next.kind === 'id' || next.kind === 'numid' || next.kind === 'number') {
          text += (this.take() as { text: string }).text;
          text += this.hostPart();
          continue;
        }
      }
      return text;
    }
  }

  private hostPart(): string {
    const t = this.take();
    if (t.kind === 'id' || t.kind === 'numid' || t.kind === 'number') return t.text;
    this.fail(t, 'a host name part');
  }

  // ------------------------------------------------------------------------ routes

  private routeBlock(): RouteBlock {
    const kw = this.take();
    const keyword = kw.kind === 'id' ? kw.text : '';
    let type: RouteType;
    let name: string | undefined;
    let namePos: SourcePos | undefined;
    let interval: number | undefined;
    const named = this.isOp('[');
    switch (keyword) {
      case 'request_route':
        type = 'request';
        break;
      case 'route':
        type = named ? 'route' : 'request';
        break;
      case 'failure_route':
        type = 'failure';
        break;
      case 'onreply_route':
        type = named ? 'onreply' : 'reply';
        break;
      case 'reply_route':
        type = 'reply';
        break;
      case 'branch_route':
        type = 'branch';
        break;
      case 'onsend_route':
        type = 'onsend';
        break;
      case 'event_route':
        type = 'event';
        break;
      case 'error_route':
        type = 'error';
        break;
      case 'local_route':
        type = 'local';
        break;
      case 'startup_route':
        type = 'startup';
        break;
      default:
        type = 'timer';
        break;
    }
    const unnamedOnly = type === 'request' || type === 'reply' || type === 'error' || type === 'local' || type === 'startup';
    if (named && (keyword === 'request_route' || keyword === 'reply_route' || (unnamedOnly && type !== 'request' && type !== 'reply'))) {
      this.fail(this.peek(), `'{' after ${keyword} (it takes no name)`);
    }
    if (type === 'event' || type === 'timer') {
      if (!named) this.fail(this.peek(), `'[' and a name after ${keyword}`);
    }
    if (named) {
      this.take();
      const n = this.peek();
      if (type === 'event') {
        if (n.kind !== 'evname') this.fail(n, "an event route name such as xhttp:request (module:event) after 'event_route['");
        this.take();
        name = n.text;
      } else if (n.kind === 'id' || n.kind === 'string' || n.kind === 'number') {
        this.take();
        name = n.kind === 'string' ? n.value : n.text;
      } else {
        this.fail(n, `a route name (word, string or number) after '${keyword}['`);
      }
      namePos = n.pos;
      if (type === 'timer' && this.isOp(',')) {
        this.take();
        interval = this.intno('the timer interval').value;
      }
      this.expectOp(']', `to close ${keyword}[${name}`);
    }
    if (type === 'error' || type === 'local' || type === 'startup' || type === 'timer') {
      this.warn(kw.pos, `${keyword} is not a route type of Kamailio 5.6 (it comes from other SER descendants)`);
    }
    const body = this.block(`to open the body of ${keyword}${name === undefined ? '' : `[${name}]`}`);
    if (body.statements.length === 0 && body.nulls === 0) {
      this.warn(kw.pos, `Kamailio 5.6 rejects an empty route block (${keyword}); put at least one action in it`);
    }
    return {
      kind: 'route',
      type,
      keyword,
      ...(name === undefined ? {} : { name }),
      ...(namePos === undefined ? {} : { namePos }),
      ...(interval === undefined ? {} : { interval }),
      body: body.statements,
      pos: kw.pos,
    };
  }

  /** `{ actions }`, counting the empty actions (`;`) so that empty blocks can be told apart. */
  private block(what: string): { statements: Statement[]; nulls: number; pos: SourcePos } {
    const open = this.expectOp('{', what);
    const statements: Statement[] = [];
    let nulls = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.text === '}') {
        this.take();
        return { statements, nulls, pos: open.pos };
      }
      if (t.kind === 'eof') this.fail(t, `'}' to close the block opened at line ${String(open.pos.line)}`);
      const s = this.statement();
      if (s === undefined) nulls++;
      else statements.push(s);
    }
  }

  /** The body of `if`, `else` and `while`: one action or a block. */
  private body(owner: string): Statement[] {
    if (this.isOp('{')) {
      const b = this.block(`after ${owner}`);
      if (b.statements.length === 0 && b.nulls === 0) this.warn(b.pos, `Kamailio 5.6 rejects an empty block after ${owner}`);
      return b.statements;
    }
    const s = this.statement();
    return s === undefined ? [] : [s];
  }

  private endOfAction(what: string): void {
    this.expectOp(';', `after ${what}`);
  }

  /** One action; undefined for the empty action `;`. */
  private statement(): Statement | undefined {
    const t = this.peek();
    if (t.kind === 'op') {
      if (t.text === ';') {
        this.take();
        return undefined;
      }
      if (t.text === '{') {
        const b = this.block('to open a block');
        this.warn(b.pos, 'Kamailio 5.6 does not accept a bare { } block as an action (only after if, else and while)');
        return { kind: 'block', body: b.statements, pos: b.pos };
      }
    }
    if (t.kind === 'pv') return this.assignment();
    if (t.kind !== 'id') this.fail(t, 'an action (a function call, an assignment, if, switch, while, return, exit, drop or break)');
    switch (t.text) {
      case 'if':
        return this.ifStatement();
      case 'switch':
        return this.switchStatement();
      case 'while': {
        this.take();
        const condition = this.expression(PLAIN);
        const body = this.body('while (...)');
        return { kind: 'while', condition, body, pos: t.pos };
      }
      case 'return':
      case 'exit':
      case 'drop': {
        this.take();
        let value: Expression | undefined;
        if (this.isOp('(') && this.isOp(')', 1)) {
          this.take();
          this.take();
        } else if (!this.isOp(';')) {
          value = this.expression(PLAIN);
        }
        this.endOfAction(t.text);
        return { kind: t.text, ...(value === undefined ? {} : { value }), pos: t.pos };
      }
      case 'break':
        this.take();
        this.endOfAction('break');
        return { kind: 'break', pos: t.pos };
      case 'else':
        return this.fail(t, 'an action (this else has no if before it)');
      case 'case':
      case 'default':
        return this.fail(t, `an action (${t.text} is only allowed inside switch)`);
      default:
        break;
    }
    const call = this.callOrRoute(PLAIN);
    this.endOfAction(call.kind === 'route-call' ? 'route(...)' : `the call of ${call.name}`);
    return { kind: 'call', call, pos: t.pos };
  }

  private ifStatement(): Statement {
    const kw = this.take();
    const condition = this.expression(PLAIN);
    const then = this.body('if (...)');
    if (this.isWord('else')) {
      this.take();
      const otherwise = this.body('else');
      return { kind: 'if', condition, then, else: otherwise, pos: kw.pos };
    }
    return { kind: 'if', condition, then, pos: kw.pos };
  }

  private switchStatement(): Statement {
    const kw = this.take();
    const subject = this.expression(PLAIN);
    this.expectOp('{', 'to open the body of switch');
    const cases: SwitchCase[] = [];
    let defaults = 0;
    let labelType: 'int' | 'str' | undefined;
    while (!this.isOp('}')) {
      const c = this.peek();
      if (c.kind === 'eof') this.fail(c, `'}' to close the switch opened at line ${String(kw.pos.line)}`);
      if (c.kind === 'id' && c.text === 'default') {
        this.take();
        defaults++;
        if (defaults > 1) throw new CfgError('E_CFG_SYNTAX', c.pos, 'expected at most one default: in a switch, found a second one');
        this.expectOp(':', 'after default');
        cases.push({ regex: false, body: this.caseBody(), pos: c.pos });
        continue;
      }
      if (!(c.kind === 'id' && c.text === 'case')) this.fail(c, "'case', 'default' or '}' in the switch body");
      this.take();
      let regex = false;
      if (this.isOp('/')) {
        this.take();
        regex = true;
      }
      const label = this.expression(PLAIN);
      const type = regex ? 'str' : constantType(label);
      if (type === undefined) throw new CfgError('E_CFG_SYNTAX', label.pos, 'expected a constant case label (a number or a string), found an expression with variables or calls');
      if (labelType !== undefined && type !== labelType) {
        throw new CfgError('E_CFG_SYNTAX', label.pos, `expected case labels of one type (all integers or all strings), found ${type === 'int' ? 'an integer' : 'a string'} label after ${labelType === 'int' ? 'integer' : 'string'} labels`);
      }
      labelType = type;
      this.expectOp(':', 'after the case label');
      cases.push({ label, regex, body: this.caseBody(), pos: c.pos });
    }
    this.take();
    if (cases.length === 0) this.warn(kw.pos, 'empty switch');
    return { kind: 'switch', subject, cases, pos: kw.pos };
  }

  private caseBody(): Statement[] {
    const body: Statement[] = [];
    while (!this.isOp('}') && !this.isWord('case') && !this.isWord('default')) {
      if (this.peek().kind === 'eof') this.fail(this.peek(), "'}' to close the switch");
      const s = this.statement();
      if (s !== undefined) body.push(s);
    }
    return body;
  }

  private assignment(): Statement {
    const target = this.take();
    if (target.kind !== 'pv') this.fail(target, 'a pseudo-variable');
    const op = this.peek();
    if (op.kind !== 'op' || (op.text !== '=' && op.text !== '+=' && op.text !== ':=')) {
      this.fail(op, `'=' after ${target.text} (an action cannot start with a pseudo-variable otherwise)`);
    }
    this.take();
    if (op.text !== '=') this.warn(op.pos, `Kamailio 5.6 only assigns with '='; '${op.text}' is not accepted there`);
    const value = this.expression(PLAIN);
    this.endOfAction(`the assignment to ${target.text}`);
    return {
      kind: 'assign',
      target: { kind: 'pv', text: target.text, pos: target.pos },
      op: op.text === '+=' ? '+=' : op.text === ':=' ? ':=' : '=',
      value,
      pos: target.pos,
    };
  }

  /** `name(args)`, a bare core action, or `route(NAME)`. */
  private callOrRoute(ctx: ExprContext): CallExpr | RouteCallExpr {
    const t = this.take();
    if (t.kind !== 'id') this.fail(t, 'a function name');
    if (t.text === 'route') {
      this.expectOp('(', 'after route (route(NAME) runs a route)');
      const n = this.peek();
      let result: RouteCallExpr;
      if ((n.kind === 'id' || n.kind === 'number') && this.isOp(')', 1)) {
        this.take();
        result = { kind: 'route-call', name: n.text, pos: t.pos };
      } else if (n.kind === 'string' && this.isOp(')', 1)) {
        this.take();
        result = { kind: 'route-call', name: n.value, pos: t.pos };
      } else {
        result = { kind: 'route-call', target: this.expression(PLAIN), pos: t.pos };
      }
      this.expectOp(')', 'to close route(...)');
      return result;
    }
    if (!this.isOp('(')) {
      if (BARE_ACTIONS.has(t.text)) return { kind: 'call', name: t.text, args: [], parens: false, pos: t.pos };
      this.fail(this.peek(), `'(' after the function name "${t.text}"`);
    }
    if (ctx.args) {
      throw new CfgError('E_CFG_SYNTAX', t.pos, `expected a value as a function argument, found a call of ${t.text}() (calls cannot be nested in arguments)`);
    }
    this.take();
    const args: Expression[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        args.push(this.expression(ARGS));
        if (!this.isOp(',')) break;
        this.take();
      }
    }
    this.expectOp(')', `to close the arguments of ${t.text}(`);
    return { kind: 'call', name: t.text, args, parens: true, pos: t.pos };
  }

  // ------------------------------------------------------------------------ expressions

  private expression(ctx: ExprContext): Expression {
    return this.binary(0, ctx);
  }

  private binaryOpAt(level: number): { text: string; pos: SourcePos } | undefined {
    const ops = LEVELS[level];
    const t = this.peek();
    if (ops === undefined || t.kind !== 'op' || !ops.includes(t.text)) return undefined;
    return { text: t.text, pos: t.pos };
  }

  private binary(level: number, ctx: ExprContext): Expression {
    if (level >= LEVELS.length) return this.unary(ctx);
    let left = this.binary(level + 1, ctx);
    for (;;) {
      const op = this.binaryOpAt(level);
      if (op === undefined) return left;
      this.take();
      if (op.text === '%' || op.text === '!~') {
        this.warn(op.pos, `Kamailio 5.6 has no '${op.text}' operator${op.text === '%' ? " (it writes 'mod')" : ''}`);
      }
      this.myselfOk = level === EQUALITY_LEVEL;
      const right = this.operandAfter(left, level, ctx);
      this.myselfOk = false;
      const binOp: BinaryOp = op.text === '%' ? 'mod' : (op.text as BinaryOp);
      this.checkComparison(left, binOp, right, op.pos);
      left = { kind: 'binary', op: binOp, left, right, opPos: op.pos, pos: left.pos };
    }
  }

  /** The right operand; after `src_ip ==` it may be a network (`10.0.0.0/8`) or `myself`. */
  private operandAfter(left: Expression, level: number, ctx: ExprContext): Expression {
    if (level === EQUALITY_LEVEL && left.kind === 'core' && IP_KEYWORDS.has(left.name)) {
      const ip = this.peek().kind === 'number' ? this.tryIpv4() : this.peek().kind === 'ipv6' ? this.ipv6Literal() : undefined;
      if (ip !== undefined) {
        if (!this.isOp('/')) return ip;
        this.take();
        const m = this.peek();
        if (m.kind === 'number' && !this.isOp('.', 1)) {
          this.take();
          const max = ip.family === 4 ? 32 : 128;
          if (m.value > max) throw new CfgError('E_CFG_SYNTAX', m.pos, `expected a netmask length 0..${String(max)}, found ${m.text}`);
          return { ...ip, mask: m.value };
        }
        const mask = this.tryIpv4() ?? (m.kind === 'ipv6' ? this.ipv6Literal() : undefined);
        if (mask === undefined) this.fail(m, 'a netmask (a length such as 8, or an address such as 255.0.0.0)');
        return { ...ip, mask: mask.address };
      }
    }
    return this.binary(level + 1, ctx);
  }

  private checkComparison(left: Expression, op: BinaryOp, right: Expression, pos: SourcePos): void {
    const isMyself = (e: Expression): boolean => e.kind === 'myself';
    if (!isMyself(left) && !isMyself(right)) return;
    const other = isMyself(left) ? right : left;
    const okOther = other.kind === 'core' && (URI_KEYWORDS.has(other.name) || IP_KEYWORDS.has(other.name));
    const okOp = op === '==' || op === '!=' || op === 'eq' || op === 'ne' || (op === '=~' && !isMyself(left));
    if (!okOther || !okOp) {
      throw new CfgError('E_CFG_SYNTAX', pos, 'expected myself to be compared with == or != to uri, from_uri, to_uri, src_ip or dst_ip, found another use of it');
    }
  }

  private unary(ctx: ExprContext): Expression {
    const t = this.peek();
    if (t.kind === 'op') {
      if (t.text === '!' || t.text === '~' || t.text === '-' || t.text === '(int)' || t.text === '(str)') {
        this.take();
        const operand = this.unary(ctx);
        return { kind: 'unary', op: t.text, operand, pos: t.pos };
      }
      if (t.text === '!~') {
        // `!~x` is `!(~x)`: the two-character token is only an operator between operands.
        this.take();
        const operand = this.unary(ctx);
        return { kind: 'unary', op: '!', operand: { kind: 'unary', op: '~', operand, pos: t.pos }, pos: t.pos };
      }
    }
    if (t.kind === 'id' && t.text === 'defined') {
      this.take();
      const operand = this.unary(ctx);
      return { kind: 'unary', op: 'defined', operand, pos: t.pos };
    }
    return this.primary(ctx);
  }

  private primary(ctx: ExprContext): Expression {
    const myselfOk = this.myselfOk;
    this.myselfOk = false;
    const t = this.peek();
    if (t.kind === 'id' && t.text === 'myself') {
      this.take();
      const next = this.peek();
      const eq = next.kind === 'op' && (next.text === '==' || next.text === '!=' || next.text === 'eq' || next.text === 'ne');
      if (!myselfOk && !eq) this.fail(next, "'==' or '!=' after myself (it is only compared with uri, from_uri, to_uri, src_ip or dst_ip)");
      return { kind: 'myself', pos: t.pos };
    }
    switch (t.kind) {
      case 'number': {
        const ip = this.tryIpv4();
        if (ip !== undefined) return this.maybeSocket(ip.address, ip.pos, ctx) ?? ip;
        this.take();
        return { kind: 'number', value: t.value, text: t.text, pos: t.pos };
      }
      case 'string':
        this.take();
        return { kind: 'string', value: t.value, pos: t.pos };
      case 'pv':
        this.take();
        return { kind: 'pv', text: t.text, pos: t.pos };
      case 'select':
        this.take();
        return { kind: 'select', text: t.text, pos: t.pos };
      case 'ipv6': {
        const a = this.ipv6Literal();
        return this.maybeSocket(a.address, a.pos, ctx) ?? a;
      }
      case 'numid': {
        const name = this.hostName(false);
        return this.maybeSocket(name, t.pos, ctx) ?? { kind: 'ident', name, pos: t.pos };
      }
      case 'op':
        if (t.text === '(') {
          this.take();
          const inner = this.expression(PLAIN);
          this.expectOp(')', 'to close the parenthesis');
          return inner;
        }
        if (t.text === '[' && this.peek(1).kind === 'ipv6') return this.ipv6Literal();
        break;
      case 'id':
        return this.word(ctx, myselfOk);
      case 'evname':
      case 'directive':
      case 'eof':
        break;
    }
    this.fail(t, 'an expression (a value, a pseudo-variable, a function call or a comparison)');
  }

  private word(ctx: ExprContext, afterEquality: boolean): Expression {
    const t = this.peek();
    if (t.kind !== 'id') this.fail(t, 'a word');
    const core = CORE_KEYWORDS.get(t.text);
    if (core !== undefined) {
      this.take();
      const next = this.peek();
      // `myself == uri` puts the keyword on the right, where nothing needs to follow it.
      if (!afterEquality && (next.kind !== 'op' || !COMPARISON_OPS.has(next.text))) this.fail(next, `a comparison operator (==, !=, =~, <, > …) after ${t.text}`);
      return { kind: 'core', name: core, pos: t.pos };
    }
    switch (t.text) {
      case 'strlen':
      case 'strempty': {
        this.take();
        this.expectOp('(', `after ${t.text}`);
        const arg = this.expression(PLAIN);
        this.expectOp(')', `to close ${t.text}(`);
        return { kind: 'builtin', name: t.text, args: [arg], pos: t.pos };
      }
      case 'selval': {
        this.take();
        this.expectOp('(', 'after selval');
        const args: Expression[] = [this.expression(PLAIN)];
        for (let k = 0; k < 2; k++) {
          this.expectOp(',', 'between the three arguments of selval');
          args.push(this.expression(PLAIN));
        }
        this.expectOp(')', 'to close selval(');
        return { kind: 'builtin', name: 'selval', args, pos: t.pos };
      }
      case 'if':
      case 'else':
      case 'switch':
      case 'case':
      case 'default':
      case 'while':
      case 'return':
      case 'exit':
      case 'drop':
      case 'break':
        return this.fail(t, 'an expression');
      default:
        break;
    }
    if (this.isOp('(', 1) || t.text === 'route') return this.callOrRoute(ctx);
    if (ctx.args && PROTOCOLS.has(t.text) && this.isOp(':', 1)) {
      this.take();
      this.take();
      const host = this.listenId();
      return this.socketAfterHost(t.text.toLowerCase(), host, t.pos);
    }
    const name = this.hostName(false);
    return this.maybeSocket(name, t.pos, ctx) ?? { kind: 'ident', name, pos: t.pos };
  }

  /** In function arguments, `host:port` is a socket (`forward("x", 5060)` style aside). */
  private maybeSocket(host: string, pos: SourcePos, ctx: ExprContext): Expression | undefined {
    if (!ctx.args || !this.isOp(':') || this.peek(1).kind !== 'number') return undefined;
    return this.socketAfterHost(undefined, host, pos);
  }

  private socketAfterHost(proto: string | undefined, host: string, pos: SourcePos): Expression {
    let port: number | undefined;
    if (this.isOp(':')) {
      this.take();
      const p = this.peek();
      if (p.kind !== 'number') this.fail(p, 'a port number');
      this.take();
      port = p.value;
    }
    const spec: SocketSpec = { ...(proto === undefined ? {} : { proto }), hosts: [host], ...(port === undefined ? {} : { port }), pos };
    return { kind: 'socket', spec, pos };
  }
}

/** The type of a constant case label, or undefined when it is not constant. */
function constantType(e: Expression): 'int' | 'str' | undefined {
  switch (e.kind) {
    case 'number':
      return 'int';
    case 'string':
      return 'str';
    case 'unary':
      return e.op === '-' || e.op === '~' || e.op === '!' || e.op === '(int)' ? (constantType(e.operand) === undefined ? undefined : 'int') : e.op === '(str)' && constantType(e.operand) !== undefined ? 'str' : undefined;
    case 'binary': {
      const l = constantType(e.left);
      const r = constantType(e.right);
      if (l === undefined || r === undefined) return undefined;
      return e.op === '+' ? l : 'int';
    }
    case 'address':
    case 'builtin':
    case 'call':
    case 'core':
    case 'ident':
    case 'myself':
    case 'pv':
    case 'route-call':
    case 'select':
    case 'socket':
      return undefined;
  }
}

/** `tm` from `tm.so` or `/usr/lib/kamailio/modules/tm.so`. */
export function moduleName(modulePath: string): string {
  const base = modulePath.slice(modulePath.lastIndexOf('/') + 1);
  return base.endsWith('.so') ? base.slice(0, -3) : base;
}

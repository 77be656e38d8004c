/**
 * The syntax tree of a routing script. Every node has `pos`, the place of its first token in
 * the file the user wrote, so that the compiler can report "unknown function at file:line:col".
 * Function calls, route calls, pseudo-variables and selects are plain nodes that keep their
 * names and text as written; resolving them is the compiler's work, not the parser's.
 */
import type { CompatMode, SourcePos } from './token.js';

export interface Config {
  readonly kind: 'config';
  readonly file: string;
  /** From a `#!KAMAILIO`/`#!SER`/`#!MAXCOMPAT` header line; undefined without one. */
  readonly compat: CompatMode | undefined;
  readonly items: readonly TopItem[];
  /** Every file read, main file first. */
  readonly files: readonly string[];
}

export type TopItem =
  | GlobalParam
  | CfgVar
  | LoadModule
  | LoadPath
  | ModParam
  | CfgEngine
  | FlagsDecl
  | RouteBlock;

// ---------------------------------------------------------------------------- global part

/** `name = value` (`debug=2`, `listen=udp:1.2.3.4:5060 advertise 5.6.7.8:5060`, `log_facility=LOG_LOCAL0`). */
export interface GlobalParam {
  readonly kind: 'param';
  readonly name: string;
  readonly value: ParamValue;
  readonly pos: SourcePos;
}

export type ParamValue = NumberValue | StringValue | IdentValue | AddressValue | SocketListValue;

export interface NumberValue {
  readonly type: 'number';
  readonly value: number;
  /** As written: `0x10`, `yes`. */
  readonly text: string;
  readonly pos: SourcePos;
}

export interface StringValue {
  readonly type: 'string';
  readonly value: string;
  readonly pos: SourcePos;
}

/** A bare word or dotted name: `LOG_LOCAL0`, `epoll`, `sip.example.com`. */
export interface IdentValue {
  readonly type: 'ident';
  readonly value: string;
  readonly pos: SourcePos;
}

/** An IP address literal: `10.0.0.1`, `::1`, `[::1]`. */
export interface AddressValue {
  readonly type: 'address';
  readonly value: string;
  readonly family: 4 | 6;
  readonly pos: SourcePos;
}

/** The value of `listen` and `alias`: one or more sockets, with the `listen` extras. */
export interface SocketListValue {
  readonly type: 'sockets';
  readonly sockets: readonly SocketSpec[];
  readonly advertise?: { readonly host: string; readonly port?: number; readonly pos: SourcePos };
  /** `name "x"` */
  readonly name?: string;
  readonly virtual: boolean;
  readonly pos: SourcePos;
}

/** `[proto:]host[:port]`; `hosts` has several entries for `(a, b)` multi-homed lists. */
export interface SocketSpec {
  /** udp, tcp, tls, sctp, ws, wss, or `*` (any); undefined when not given. */
  readonly proto?: string;
  readonly hosts: readonly string[];
  /** 0 stands for `*`. */
  readonly port?: number;
  readonly pos: SourcePos;
}

/** A cfg-framework variable: `group.name = value [desc "text"]`, `group[1].name = value`. */
export interface CfgVar {
  readonly kind: 'cfgvar';
  readonly group: string;
  readonly instance?: number;
  readonly name: string;
  readonly value: NumberValue | StringValue;
  readonly description?: string;
  readonly pos: SourcePos;
}

export interface LoadModule {
  readonly kind: 'loadmodule';
  /** As written: `tm.so`, `/usr/lib/kamailio/modules/tm.so`. */
  readonly path: string;
  /** The module name derived from the path: `tm`. */
  readonly module: string;
  /** `loadmodulex` (the path may hold variables). */
  readonly extended: boolean;
  readonly pos: SourcePos;
}

/** `mpath="..."` / `loadpath "..."`. */
export interface LoadPath {
  readonly kind: 'loadpath';
  readonly path: string;
  readonly pos: SourcePos;
}

/** `modparam("mod", "param", value)`; `module` is a regular expression over module names. */
export interface ModParam {
  readonly kind: 'modparam';
  readonly module: string;
  readonly modulePos: SourcePos;
  readonly param: string;
  readonly paramPos: SourcePos;
  readonly value: NumberValue | StringValue | PvValue;
  /** `modparamx` (values may hold variables). */
  readonly extended: boolean;
  readonly pos: SourcePos;
}

/** A pseudo-variable as a modparamx value. */
export interface PvValue {
  readonly type: 'pv';
  readonly value: string;
  readonly pos: SourcePos;
}

export interface CfgEngine {
  readonly kind: 'cfgengine';
  readonly engine: string;
  readonly pos: SourcePos;
}

/** `flags a, b:3` / `avpflags x, y`. */
export interface FlagsDecl {
  readonly kind: 'flags';
  readonly avp: boolean;
  readonly flags: readonly { readonly name: string; readonly bit?: number; readonly pos: SourcePos }[];
  readonly pos: SourcePos;
}

// ---------------------------------------------------------------------------- routes

/**
 * The route types. `request` is `request_route {}` and `route {}`; `reply` is `reply_route {}`
 * and `onreply_route {}` without a name. `error`, `local`, `startup` and `timer` are not route
 * types of Kamailio 5.6 (they come from other SER descendants); they parse with a warning.
 */
export type RouteType =
  | 'request'
  | 'route'
  | 'failure'
  | 'onreply'
  | 'reply'
  | 'branch'
  | 'onsend'
  | 'event'
  | 'error'
  | 'local'
  | 'startup'
  | 'timer';

export interface RouteBlock {
  readonly kind: 'route';
  readonly type: RouteType;
  /** The keyword as written: `request_route`, `route`, `onreply_route`, … */
  readonly keyword: string;
  /** `RELAY` in `route[RELAY]`, `xhttp:request` in `event_route[xhttp:request]`; undefined when unnamed. */
  readonly name?: string;
  readonly namePos?: SourcePos;
  /** `timer_route[name, 60]` */
  readonly interval?: number;
  readonly body: readonly Statement[];
  readonly pos: SourcePos;
}

// ---------------------------------------------------------------------------- statements

export type Statement =
  | IfStatement
  | SwitchStatement
  | WhileStatement
  | ReturnStatement
  | BreakStatement
  | AssignStatement
  | CallStatement
  | BlockStatement;

export interface IfStatement {
  readonly kind: 'if';
  readonly condition: Expression;
  readonly then: readonly Statement[];
  /** `else if` is an `if` statement alone in this list. */
  readonly else?: readonly Statement[];
  readonly pos: SourcePos;
}

export interface SwitchStatement {
  readonly kind: 'switch';
  readonly subject: Expression;
  readonly cases: readonly SwitchCase[];
  readonly pos: SourcePos;
}

export interface SwitchCase {
  /** undefined for `default:` */
  readonly label?: Expression;
  /** `case /"regex":` */
  readonly regex: boolean;
  /** Empty for a case that falls through to the next one. */
  readonly body: readonly Statement[];
  readonly pos: SourcePos;
}

export interface WhileStatement {
  readonly kind: 'while';
  readonly condition: Expression;
  readonly body: readonly Statement[];
  readonly pos: SourcePos;
}

/** `return`, `exit` and `drop`, with their optional value (`return(1)`, `return -1`, `exit 0`). */
export interface ReturnStatement {
  readonly kind: 'return' | 'exit' | 'drop';
  readonly value?: Expression;
  readonly pos: SourcePos;
}

export interface BreakStatement {
  readonly kind: 'break';
  readonly pos: SourcePos;
}

export interface AssignStatement {
  readonly kind: 'assign';
  readonly target: PvRef;
  /** `+=` and `:=` are not Kamailio 5.6 syntax; they parse with a warning. */
  readonly op: '=' | '+=' | ':=';
  readonly value: Expression;
  readonly pos: SourcePos;
}

export interface CallStatement {
  readonly kind: 'call';
  readonly call: CallExpr | RouteCallExpr;
  readonly pos: SourcePos;
}

/** A `{ ... }` block used as a statement. */
export interface BlockStatement {
  readonly kind: 'block';
  readonly body: readonly Statement[];
  readonly pos: SourcePos;
}

// ---------------------------------------------------------------------------- expressions

export type Expression =
  | NumberLit
  | StringLit
  | PvRef
  | SelectRef
  | CallExpr
  | RouteCallExpr
  | CoreRef
  | MyselfRef
  | IdentRef
  | AddressLit
  | SocketLit
  | UnaryExpr
  | BinaryExpr
  | BuiltinExpr;

export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly pos: SourcePos;
}

export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly pos: SourcePos;
}

/** A pseudo-variable as written (`$ru`, `$var(x)`, `$(ru{s.len})`); the pv layer parses `text`. */
export interface PvRef {
  readonly kind: 'pv';
  readonly text: string;
  readonly pos: SourcePos;
}

/** A select as written (`@cfg_get.pstn.gw_ip`). */
export interface SelectRef {
  readonly kind: 'select';
  readonly text: string;
  readonly pos: SourcePos;
}

/** `name(args)` or a core action without parentheses (`force_rport;`). */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expression[];
  readonly parens: boolean;
  readonly pos: SourcePos;
}

/** `route(NAME)`; `target` is set instead of `name` when the route is chosen at run time (`route($var(r))`). */
export interface RouteCallExpr {
  readonly kind: 'route-call';
  readonly name?: string;
  readonly target?: Expression;
  readonly pos: SourcePos;
}

export type CoreKeyword =
  | 'method'
  | 'uri'
  | 'status'
  | 'from_uri'
  | 'to_uri'
  | 'src_ip'
  | 'dst_ip'
  | 'snd_ip'
  | 'to_ip'
  | 'src_port'
  | 'dst_port'
  | 'snd_port'
  | 'to_port'
  | 'proto'
  | 'snd_proto'
  | 'af'
  | 'snd_af'
  | 'msg:len';

/** A core keyword operand: `method`, `uri`, `src_ip`, `msg:len`, … (`to_proto` is `snd_proto`). */
export interface CoreRef {
  readonly kind: 'core';
  readonly name: CoreKeyword;
  readonly pos: SourcePos;
}

export interface MyselfRef {
  readonly kind: 'myself';
  readonly pos: SourcePos;
}

/**
 * A bare word in an expression or argument: a method name (`method == INVITE`), a protocol
 * (`proto == UDP`), a flag or route name, a host name (`sip.example.com`). The compiler decides.
 */
export interface IdentRef {
  readonly kind: 'ident';
  readonly name: string;
  readonly pos: SourcePos;
}

/** `10.0.0.1`, `::1`, and networks `10.0.0.0/8`, `10.0.0.0/255.0.0.0`. */
export interface AddressLit {
  readonly kind: 'address';
  readonly address: string;
  readonly family: 4 | 6;
  /** Prefix length or mask, when written as a network. */
  readonly mask?: number | string;
  readonly pos: SourcePos;
}

/** `udp:10.0.0.1:5060` as a function argument (`force_send_socket`, `forward`). */
export interface SocketLit {
  readonly kind: 'socket';
  readonly spec: SocketSpec;
  readonly pos: SourcePos;
}

export type UnaryOp = '!' | '~' | '-' | 'defined' | '(int)' | '(str)';

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Expression;
  readonly pos: SourcePos;
}

export type BinaryOp =
  | '||'
  | '&&'
  | '|'
  | '&'
  | '^'
  | '<<'
  | '>>'
  | '=='
  | '!='
  | '=~'
  | '!~'
  | 'eq'
  | 'ne'
  | 'ieq'
  | 'ine'
  | '<'
  | '>'
  | '<='
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | 'mod';

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expression;
  readonly right: Expression;
  /** The operator's position. */
  readonly opPos: SourcePos;
  readonly pos: SourcePos;
}

/** `strlen(x)`, `strempty(x)`, `selval(cond, a, b)`. */
export interface BuiltinExpr {
  readonly kind: 'builtin';
  readonly name: 'strlen' | 'strempty' | 'selval';
  readonly args: readonly Expression[];
  readonly pos: SourcePos;
}

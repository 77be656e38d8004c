/**
 * How a compiled statement tells its caller what to do next. Numbers, not objects, so the
 * synchronous path allocates nothing.
 */
import type { MessageContext } from './message-context.js';
import type { ScriptValue } from './script-value.js';

export const NEXT = 0;
export const BREAK = 1;
export const RETURN = 2;
export const EXIT = 3;
export const DROP = 4;

export type Signal = typeof NEXT | typeof BREAK | typeof RETURN | typeof EXIT | typeof DROP;

export type Stmt = (ctx: MessageContext) => Signal | Promise<Signal>;
export type Expr = (ctx: MessageContext) => ScriptValue | Promise<ScriptValue>;

/**
 * Thrown when a function called inside an expression returns 0: the script stops there, as
 * `exit` would. Rare, so an exception is cheap enough; the route runner catches it.
 */
export class ScriptStop extends Error {
  constructor() {
    super('script stopped by a function that returned 0');
    this.name = 'ScriptStop';
  }
}

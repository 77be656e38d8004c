/**
 * RPC replies as text, the way kamcmd prints them (anchors-cli.md §4): one top-level value per
 * line, structs in braces with tab indentation and `name: value` members, a list member as the
 * repeated members BINRPC sends; and kamcmd's `-f` format, where each `%v` takes the next value.
 */
import { isRpcArray, isRpcStruct, type RpcValue } from '../rpc/rpc-value.js';

const NULL_TEXT = '<null string>';

function scalarText(value: RpcValue): string {
  if (value === null) return NULL_TEXT;
  if (typeof value === 'string') return value;
  // kamcmd prints doubles with %f; a whole-valued double cannot be told from an INT here.
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(6);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isScalar(value: RpcValue): boolean {
  return value === null || typeof value !== 'object';
}

/** The members a struct or list shows inside braces: [name or undefined, value]. */
function members(value: RpcValue): [string | undefined, RpcValue][] {
  if (isRpcArray(value)) {
    return value.map((item): [string | undefined, RpcValue] => {
      if (isRpcStruct(item)) {
        const keys = Object.keys(item);
        const only = keys[0];
        if (keys.length === 1 && only !== undefined) return [only, item[only] ?? null];
      }
      return [undefined, item];
    });
  }
  if (isRpcStruct(value)) return Object.entries(value);
  return [];
}

function printInto(lines: string[], name: string | undefined, value: RpcValue, depth: number): void {
  const indent = '\t'.repeat(depth);
  const label = name === undefined ? '' : `${name}: `;
  if (isScalar(value)) {
    lines.push(`${indent}${label}${scalarText(value)}`);
    return;
  }
  lines.push(`${indent}${label}{`);
  for (const [member, item] of members(value)) printInto(lines, member, item, depth + 1);
  lines.push(`${indent}}`);
}

/**
 * The reply as kamcmd prints it. A top-level list is a sequence of values (BINRPC replies hold
 * several records; JSON-RPC shows them as an array), each printed on its own.
 */
export function kamcmdText(result: RpcValue): string {
  const lines: string[] = [];
  const top = isRpcArray(result) ? result : [result];
  for (const value of top) printInto(lines, undefined, value, 0);
  return lines.join('\n');
}

/** Every scalar of the reply in order, as `%v` consumes them. */
export function flattenValues(result: RpcValue): string[] {
  const out: string[] = [];
  const walk = (value: RpcValue): void => {
    if (isScalar(value)) out.push(scalarText(value));
    else for (const [, item] of members(value)) walk(item);
  };
  walk(result);
  return out;
}

/** kamcmd's escapes in a format: \n \t \r \\ ; `%%` is a literal %. */
function unescapeFormat(format: string): string {
  return format.replace(/\\([ntr\\])/g, (_match, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : '\\'));
}

/**
 * kamcmd `-f`: `%v` is replaced by successive values; the format is applied again while values
 * remain. A format without `%v` is printed once.
 */
export function formatValues(format: string, result: RpcValue): string {
  const text = unescapeFormat(format);
  const parts = text.split(/(%%|%v)/);
  const slots = parts.filter((p) => p === '%v').length;
  const values = flattenValues(result);
  const render = (take: () => string): string => parts.map((p) => (p === '%v' ? take() : p === '%%' ? '%' : p)).join('');
  if (slots === 0) return render(() => '');
  let out = '';
  let next = 0;
  do {
    out += render(() => values[next++] ?? '');
  } while (next < values.length);
  return out;
}

/**
 * kamctl's typing of `kamctl rpc METHOD params…` (anchors-cli.md §1.1), as a pure function:
 *
 * - `s:text` → the string `text` (`s:` alone is the empty string);
 * - `i:text` → the integer `text` (kamctl pastes the text raw into the JSON; we check it);
 * - a decimal number (what `printf %f` accepts and JSON can carry) → a number; one written with a
 *   fraction or exponent (`1.0`, `1e3`) is a {@link RpcDouble}, so over BINRPC it travels as a
 *   DOUBLE as kamcmd would send it (`ul.add` needs its q that way) and over JSON as a number;
 * - anything else → the string itself.
 *
 * A first argument `=` switches on kamctl's `=CRLF=` → CR LF substitution in the rest.
 *
 * Deliberate differences from kamctl: hex, `inf` and `nan` stay strings (kamctl would paste them
 * into the JSON and Kamailio would drop the unparsable request); an empty argument is an empty
 * string (kamctl stops the parameter list there); arguments are not re-split on spaces.
 */
import { AppError } from '../errors.js';
import { RpcDouble, type RpcParam } from './rpc-value.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

export function typeRpcParams(args: readonly string[]): RpcParam[] {
  const crlf = args[0] === '=';
  const rest = crlf ? args.slice(1) : args;
  return rest.map((arg) => typeRpcParam(crlf ? arg.replaceAll('=CRLF=', '\r\n') : arg));
}

export function typeRpcParam(arg: string): RpcParam {
  if (arg.startsWith('s:')) return arg.slice(2);
  if (arg.startsWith('i:')) {
    const text = arg.slice(2).trim();
    if (!INTEGER.test(text)) throw new AppError('E_USAGE', `RPC parameter "${arg}": i: must be followed by an integer`);
    return Number(text);
  }
  const text = arg.trim();
  if (text === '' || !DECIMAL.test(text)) return arg;
  const value = Number(text);
  if (!Number.isFinite(value)) return arg;
  return INTEGER.test(text) ? value : new RpcDouble(value);
}

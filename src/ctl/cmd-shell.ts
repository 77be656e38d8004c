/**
 * kamcmd's interactive mode: a prompt, line editing, history (kept across sessions in a file
 * when one is named) and tab completion of method names fetched with system.listMethods.
 * Streams are parameters, so tests drive it with plain streams (terminal: false).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { AppError } from '../errors.js';
import { RpcFaultError } from '../rpc/rpc-fault.js';
import { builtinHelp, completeLine, kamcmdCall, KAMCMD_ALIASES, KAMCMD_BUILTINS, splitWords } from './kamcmd.js';
import { stringList } from './reply-fields.js';
import type { RpcCaller } from './rpc-caller.js';
import { formatValues, kamcmdText } from './value-text.js';

export interface ShellOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** True on a terminal: line editing, completion, prompt. */
  readonly terminal: boolean;
  readonly rpc: RpcCaller;
  /** A -f format applied to every reply. */
  readonly format?: string | undefined;
  /** History file (read at start, written at the end, mode 0600). */
  readonly historyFile?: string | undefined;
  readonly prompt?: string;
}

export interface ShellSummary {
  readonly commands: number;
  readonly errors: number;
}

export const HISTORY_SIZE = 1000;

function readHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    // readline wants the newest entry first; the file lists the oldest first, like bash.
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function writeHistory(file: string | undefined, newestFirst: readonly string[]): void {
  if (file === undefined) return;
  try {
    fs.writeFileSync(file, `${[...newestFirst].slice(0, HISTORY_SIZE).reverse().join('\n')}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  } catch {
    // History is a convenience; a read-only home must not fail the session.
  }
}

/** One line of kamcmd's error output. */
export function errorLine(error: unknown): string {
  if (error instanceof RpcFaultError) return `error: ${String(error.faultCode)} - ${error.faultMessage}`;
  if (error instanceof AppError) return `error: ${error.message} [${error.code}]`;
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

export async function runShell(o: ShellOptions): Promise<ShellSummary> {
  // Fetching the method list first also tells at once when nothing listens on the socket.
  const methods = stringList(await o.rpc.call('system.listMethods', [], { returns: 'list' }));
  let history: string[] = readHistory(o.historyFile);
  const rl = readline.createInterface({
    input: o.input,
    output: o.output,
    terminal: o.terminal,
    history: [...history],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string): [string[], string] => completeLine(line, methods),
  });
  rl.on('history', (h: string[]) => {
    history = h;
  });
  const write = (text: string): void => {
    o.output.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  };
  if (o.terminal) write(`connected to ${o.rpc.url}; ${String(methods.length)} methods. Tab completes method names; "help" lists them, "quit" or Ctrl-D leaves.`);
  rl.setPrompt(o.prompt ?? 'sipctl> ');
  let commands = 0;
  let errors = 0;
  try {
    if (o.terminal) rl.prompt();
    for await (const line of rl) {
      let words: string[];
      try {
        words = splitWords(line);
      } catch (error) {
        write(errorLine(error));
        errors++;
        if (o.terminal) rl.prompt();
        continue;
      }
      const [first, second] = words;
      if (first === undefined) {
        if (o.terminal) rl.prompt();
        continue;
      }
      if (first === 'quit' || first === 'exit') break;
      commands++;
      try {
        if (first === 'help' || first === '?') {
          if (second === undefined) write([...methods, ...Object.keys(KAMCMD_ALIASES).map((a) => `alias: ${a}`), ...KAMCMD_BUILTINS.map((b) => `builtin: ${b}`)].join('\n'));
          else write(builtinHelp(second) ?? kamcmdText(await o.rpc.call('system.methodHelp', [second])));
        } else {
          const call = kamcmdCall(words, o.format);
          const reply = await o.rpc.call(call.method, call.params);
          write(call.format === undefined ? kamcmdText(reply) : formatValues(call.format, reply));
        }
      } catch (error) {
        errors++;
        write(errorLine(error));
      }
      if (o.terminal) rl.prompt();
    }
  } finally {
    rl.close();
    writeHistory(o.historyFile, history);
  }
  return { commands, errors };
}

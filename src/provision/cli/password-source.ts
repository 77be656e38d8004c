/**
 * Where a new password comes from: the argument, standard input (`--password-stdin`, so it
 * stays out of argv and shell history), or a hidden prompt asked twice. Under --json or
 * without a TTY the prompt fails with E_PROMPT_NEEDED instead of waiting.
 */
import { AppError } from '../../errors.js';
import type { Prompter } from '../../cli/prompt.js';

export interface PasswordSource {
  readonly argument: string | undefined;
  readonly fromStdin: boolean;
  readonly prompter: Prompter;
  /** Whose password, for the prompt text. */
  readonly who: string;
  readonly stdin?: NodeJS.ReadableStream;
}

/** All of stdin, without the one line ending `echo` or a here-string adds. */
export async function readPasswordStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function obtainPassword(src: PasswordSource): Promise<string> {
  if (src.argument !== undefined && src.fromStdin) throw new AppError('E_USAGE', 'give the password either as an argument or with --password-stdin, not both');
  if (src.argument !== undefined) return src.argument;
  if (src.fromStdin) return readPasswordStdin(src.stdin);
  const answeredBy = 'the PASSWORD argument or --password-stdin';
  const first = await src.prompter.password({ message: `Password for ${src.who}:`, answeredBy });
  const second = await src.prompter.password({ message: `Password for ${src.who} (again):`, answeredBy });
  if (first !== second) throw new AppError('E_USAGE', 'the two passwords differ; nothing was changed');
  return first;
}

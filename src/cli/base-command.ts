/**
 * The life cycle every sipctl command shares: parse once, load the rc file lazily, run,
 * print the returned result (a table for people, JSON with --json), map every error to
 * `{code, message, exitCode}`, and close connections at the end.
 */
import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { AppError, type ErrorCode } from '../errors.js';
import { loadRc, type RcConfig } from '../config/rc-load.js';
import { defaultPrompterFactory, type Prompter, type PrompterFactory } from './prompt.js';
import { progressBar } from './progress.js';
import type { ProgressFn } from '../progress.js';

export type FlagsOf<T extends typeof Command> = Interfaces.InferredFlags<T['baseFlags'] & T['flags']>;
export type ArgsOf<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** The JSON document printed on failure under --json. */
export interface ErrorJson {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly exitCode: number };
}

export abstract class BaseCommand<T extends typeof Command, R> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    rc: Flags.string({ description: 'read only this rc file (kamctlrc syntax); default: SIPCTLRC, else /etc/sipctl/sipctlrc, ~/.sipctlrc, ./sipctlrc', helpGroup: 'GLOBAL' }),
  };

  /** Tests replace this to answer questions without a terminal. */
  static prompterFactory: PrompterFactory = defaultPrompterFactory;

  protected flags!: FlagsOf<T>;
  protected args!: ArgsOf<T>;
  /** Every positional argument, for commands that take a variable number of them. */
  protected positional: string[] = [];
  private rcConfig: RcConfig | undefined;
  private readonly cleanups: (() => Promise<void>)[] = [];

  override async init(): Promise<void> {
    await super.init();
    const ctor = this.constructor as typeof BaseCommand;
    const { flags, args, argv } = await this.parse({
      flags: ctor.flags,
      baseFlags: ctor.baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      args: ignoringStdin(ctor.args),
      strict: ctor.strict,
    });
    this.flags = flags as FlagsOf<T>;
    this.args = args as ArgsOf<T>;
    this.positional = argv.filter((a): a is string => typeof a === 'string');
  }

  /** Values from flags that override rc keys (flags > environment > rc files > defaults). */
  protected rcOverrides(): Record<string, string | undefined> {
    return {};
  }

  /** The parsed flags as plain data, for code shared by commands with different flag sets. */
  protected flagValues(): Readonly<Record<string, unknown>> {
    const flags: unknown = this.flags;
    return typeof flags === 'object' && flags !== null ? Object.fromEntries(Object.entries(flags)) : {};
  }

  protected get rc(): RcConfig {
    const rcFile = this.flagValues()['rc'];
    this.rcConfig ??= loadRc({ rcFile: typeof rcFile === 'string' ? rcFile : undefined, overrides: this.rcOverrides() });
    return this.rcConfig;
  }

  protected get interactive(): boolean {
    return !this.jsonEnabled() && process.stdin.isTTY && process.stdout.isTTY;
  }

  protected prompter(yes: boolean): Prompter {
    return BaseCommand.prompterFactory({ yes, interactive: this.interactive });
  }

  /** A progress callback that draws a bar on a TTY and is silent otherwise. */
  protected progress(): ProgressFn {
    const bar = progressBar(!this.jsonEnabled() && process.stderr.isTTY);
    this.onCleanup(() => {
      bar.stop();
      return Promise.resolve();
    });
    return bar.update;
  }

  /** Registers work for the end of the command, success or not (closing pools, sockets). */
  protected onCleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  abstract override run(): Promise<R>;

  /** The human rendering of a result. */
  protected abstract render(result: R): string;

  protected override async _run<U>(): Promise<U> {
    const result = await super._run<U>();
    if (result !== undefined && !this.jsonEnabled()) {
      const text = this.render(result as unknown as R);
      if (text !== '') this.log(text);
    }
    return result;
  }

  protected override catch(err: Error & { exitCode?: number }): Promise<void> {
    if (err instanceof Errors.ExitError) throw err;
    const e = toAppError(err);
    if (this.jsonEnabled()) {
      const doc: ErrorJson = { error: { code: e.code, message: e.message, exitCode: e.exitCode } };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      process.stderr.write(`error: ${e.message} [${e.code}]\n`);
    }
    process.exitCode = e.exitCode;
    return Promise.resolve();
  }

  protected override async finally(err: Error | undefined): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        // Closing is best effort; the command's own outcome is what counts.
      }
    }
    await super.finally(err);
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Errors.CLIError) {
    // oclif's parser errors: missing or unknown arguments and flags.
    return new AppError('E_USAGE', err.message.replace(/\s*See more help with --help$/m, '').trim());
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new AppError('E_INTERNAL', msg, { cause: err });
}

/**
 * oclif fills a missing positional argument from piped stdin (after waiting 10 ms for it).
 * sipctl never does: in a script `echo x | sipctl address add 1 192.0.2.10` must not store
 * "x" as the mask, and stdin is read only where a flag says so (--password-stdin, import).
 */
function ignoringStdin(args: typeof Command.args): typeof Command.args {
  return Object.fromEntries(Object.entries(args).map(([name, arg]) => [name, { ...arg, ignoreStdin: true }]));
}

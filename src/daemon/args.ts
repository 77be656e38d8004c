/**
 * sipd's command line, with Kamailio's option letters where they mean the same:
 *   -f FILE  routing script        -c      check the script and exit
 *   -P FILE  pid file              -D      stay in the foreground (repeatable, as -DD)
 *   -E       log to stderr         -A N[=V] define N for #!ifdef (repeatable)
 *   -V, -v   version               -h      help
 *   -Y DIR   runtime directory (default control sockets)
 * Accepted for STARTOPTIONS compatibility and ignored: -m MB, -M MB, -L DIR.
 */
import { AppError } from '../errors.js';

export interface SipdArgs {
  readonly cfgFile: string | undefined;
  readonly check: boolean;
  readonly pidFile: string | undefined;
  readonly foreground: boolean;
  readonly logStderr: boolean;
  /** `-A` values, NAME or NAME=VALUE, in order. */
  readonly defines: readonly string[];
  readonly version: boolean;
  readonly help: boolean;
  readonly runDir: string | undefined;
}

export const SIPD_USAGE = `Usage: sipd [options]
  -f FILE     routing script (Kamailio's language)
  -c          check the script and exit (like kamailio -c)
  -P FILE     write the process id to FILE
  -D          stay in the foreground (-DD: the same)
  -E          log to stderr instead of syslog
  -A NAME[=VALUE]  define NAME for #!ifdef / #!ifndef (repeatable)
  -V, -v      print the version and exit
  -Y DIR      runtime directory of the default control sockets (default /run/sipd for root)
  -h          this help
  -m MB, -M MB, -L DIR  accepted for compatibility, ignored`;

const WITH_VALUE = new Set(['f', 'P', 'A', 'Y', 'm', 'M', 'L']);
const FLAGS = new Set(['c', 'D', 'E', 'V', 'v', 'h']);

export function parseSipdArgs(argv: readonly string[]): SipdArgs {
  let cfgFile: string | undefined;
  let pidFile: string | undefined;
  let runDir: string | undefined;
  let check = false;
  let foreground = false;
  let logStderr = false;
  let version = false;
  let help = false;
  const defines: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg.length < 2) throw new AppError('E_USAGE', `sipd: unexpected argument "${arg}"\n${SIPD_USAGE}`);
    // Letters may be grouped (-DD, -cE); a letter that takes a value ends the group.
    for (let j = 1; j < arg.length; j++) {
      const letter = arg.charAt(j);
      if (WITH_VALUE.has(letter)) {
        const rest = arg.slice(j + 1);
        const value = rest !== '' ? rest : argv[++i];
        if (value === undefined || value === '') throw new AppError('E_USAGE', `sipd: -${letter} needs a value`);
        if (letter === 'f') cfgFile = value;
        else if (letter === 'P') pidFile = value;
        else if (letter === 'Y') runDir = value;
        else if (letter === 'A') {
          const eq = value.indexOf('=');
          const name = eq === -1 ? value : value.slice(0, eq);
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new AppError('E_USAGE', `sipd: -A ${value}: not a define name`);
          defines.push(value);
        }
        break;
      }
      if (!FLAGS.has(letter)) throw new AppError('E_USAGE', `sipd: unknown option -${letter}\n${SIPD_USAGE}`);
      if (letter === 'c') check = true;
      else if (letter === 'D') foreground = true;
      else if (letter === 'E') logStderr = true;
      else if (letter === 'h') help = true;
      else version = true;
    }
  }
  return { cfgFile, check, pidFile, foreground, logStderr, defines, version, help, runDir };
}

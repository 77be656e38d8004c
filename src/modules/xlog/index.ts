/**
 * xlog: formatted logging from the script. `xlog([level,] fmt)` logs at ERR by default;
 * `xdbg`, `xinfo`, `xnotice`, `xwarn`, `xerr`, `xbug`, `xcrit`, `xalert` at their level. A
 * level string counts by its third character (`L_A…` ALERT … `L_D…` DBG), or is a
 * pseudo-variable holding a number. Formats are parsed once; a null variable prints `<null>`.
 */
import { parseFormatString } from '../../cfg/pv-spec.js';
import { FixupError, type FixupArgs, type FixupEnv, type ScriptFunction } from '../../cfg/script-api.js';
import { toInt } from '../../cfg/script-value.js';
import type { MessageContext } from '../../cfg/message-context.js';
import type { ModuleDefinition } from '../module-api.js';

const BY_LETTER: Readonly<Record<string, number>> = { A: -5, B: -4, C: -3, E: -1, W: 0, N: 1, I: 2, D: 3 };

function levelOf(text: string, env: FixupEnv): (ctx: MessageContext) => number {
  if (text.startsWith('$')) {
    const pv = env.parsePv(text);
    return (ctx) => toInt(pv.get(ctx));
  }
  const level = text.startsWith('L_') ? BY_LETTER[text.charAt(2)] : undefined;
  if (level === undefined) throw new FixupError(`xlog: unknown log level "${text}" (expected L_ALERT, L_BUG, L_CRIT, L_ERR, L_WARN, L_NOTICE, L_INFO or L_DBG)`, 0);
  return () => level;
}

export const xlogModule: ModuleDefinition = {
  name: 'xlog',
  doc: 'formatted log messages with pseudo-variables',
  params: {
    buf_size: { type: 'int', default: 4096, doc: 'maximum length of a formatted line' },
    force_color: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    long_format: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    prefix: { type: 'str', default: '<script>: ', doc: 'text before each line' },
    log_facility: { type: 'str', default: null, doc: 'syslog facility of xlog lines' },
    log_colors: { type: 'str', default: null, multi: true, doc: 'accepted for compatibility' },
    methods_filter: { type: 'int', default: -1, doc: 'accepted for compatibility' },
  },
  create(ctx) {
    const bufSize = ctx.params.int('buf_size');
    const emit = (m: MessageContext, level: number, text: string): number => {
      if (!m.core.logger.enabled(level)) return 1;
      const line = text.length > bufSize ? text.slice(0, bufSize) : text;
      m.core.logger.log(level, '<script>', line.replace(/\r?\n$/, ''));
      return 1;
    };
    const fixed = (name: string, level: number): ScriptFunction => ({
      name,
      args: ['str'],
      fixup(args: FixupArgs, env) {
        const fmt = parseFormatString(args.str(0), env, '<null>');
        return (m) => (m.core.logger.enabled(level) ? emit(m, level, fmt.eval(m)) : 1);
      },
    });
    const functions: ScriptFunction[] = [
      {
        name: 'xlog',
        args: ['str', 'str'],
        minArgs: 1,
        fixup(args, env) {
          if (args.count === 1) {
            const fmt = parseFormatString(args.str(0), env, '<null>');
            return (m) => (m.core.logger.enabled(-1) ? emit(m, -1, fmt.eval(m)) : 1);
          }
          const level = levelOf(args.str(0), env);
          let fmt;
          try {
            fmt = parseFormatString(args.str(1), env, '<null>');
          } catch (e) {
            throw e instanceof FixupError ? new FixupError(e.message, 1) : e;
          }
          return (m) => {
            const l = level(m);
            return m.core.logger.enabled(l) ? emit(m, l, fmt.eval(m)) : 1;
          };
        },
      },
      fixed('xdbg', 3),
      fixed('xinfo', 2),
      fixed('xnotice', 1),
      fixed('xwarn', 0),
      fixed('xerr', -1),
      fixed('xbug', -4),
      fixed('xcrit', -3),
      fixed('xalert', -5),
    ];
    return { functions };
  },
};

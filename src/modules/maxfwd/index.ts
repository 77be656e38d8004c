/**
 * maxfwd: `mf_process_maxfwd_header(limit)` — 2 when there was no Max-Forwards (one with
 * `limit` is added at the top), 1 when it was > 0 (decremented; values above `max_limit` are
 * first lowered to it), -1 when it is 0 (the script answers 483), -2 when it cannot be parsed.
 * `is_maxfwd_lt(limit)`: 1 when Max-Forwards is below limit, -1 otherwise, -2 absent, -3 bad.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import type { ModuleDefinition } from '../module-api.js';

function current(ctx: MessageContext): number | null | 'bad' {
  const v = ctx.msg.header('max-forwards');
  if (v === undefined) return null;
  const t = v.trim();
  if (!/^[0-9]{1,3}$/.test(t) || Number(t) > 255) return 'bad';
  return Number(t);
}

export const maxfwdModule: ModuleDefinition = {
  name: 'maxfwd',
  doc: 'Max-Forwards processing (RFC 3261 §16.3 step 3, §16.6 step 3)',
  params: {
    max_limit: { type: 'int', default: 70, doc: 'highest value forwarded' },
  },
  create(ctx) {
    const maxLimit = ctx.params.int('max_limit');
    if (maxLimit < 0 || maxLimit > 255) throw new FixupError(`maxfwd: max_limit ${String(maxLimit)} is not in 0..255`);
    const functions: ScriptFunction[] = [
      {
        name: 'mf_process_maxfwd_header',
        args: ['int-pv'],
        routes: ['request', 'failure', 'branch'],
        fixup(args) {
          const limit = args.intArg(0);
          if (limit.constant !== null && (limit.constant < 0 || limit.constant > 255)) throw new FixupError(`mf_process_maxfwd_header(): ${String(limit.constant)} is not in 0..255`, 0);
          return (m) => {
            const l = limit.eval(m);
            if (l < 0 || l > 255) return -2;
            const v = current(m);
            if (v === null) {
              m.msg.insertHeader('Max-Forwards', String(l));
              return 2;
            }
            if (v === 'bad') return -2;
            if (v === 0) return -1;
            const val = v > maxLimit ? maxLimit + 1 : v;
            m.msg.replaceHeader('Max-Forwards', String(val - 1));
            return 1;
          };
        },
      },
      {
        name: 'is_maxfwd_lt',
        args: ['int-pv'],
        fixup(args) {
          const limit = args.intArg(0);
          return (m) => {
            const v = current(m);
            if (v === null) return -2;
            if (v === 'bad') return -3;
            return v < limit.eval(m) ? 1 : -1;
          };
        },
      },
    ];
    return { functions };
  },
};

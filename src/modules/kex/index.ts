/**
 * kex: the destination URI helpers (isdsturiset, setdsturi, resetdsturi), km_append_branch,
 * is_myself, pv_printf, and setdebug/resetdebug (the flag functions are core functions), and
 * the stats.* RPC methods.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { parseUri } from '../../sip/index.js';
import type { ModuleDefinition } from '../module-api.js';
import { statsRpc } from './stats-rpc.js';

export const kexModule: ModuleDefinition = {
  name: 'kex',
  doc: 'core extensions: destination URI, branches, is_myself, pv_printf',
  params: {},
  create(ctx) {
    const functions: ScriptFunction[] = [
      { name: 'isdsturiset', args: [], fixup: () => (ctx) => (ctx.dstUri === null ? -1 : 1) },
      { name: 'resetdsturi', args: [], fixup: () => (ctx) => ((ctx.dstUri = null), 1) },
      {
        name: 'setdsturi',
        args: ['fmt'],
        fixup(args) {
          const v = args.fmt(0);
          return (ctx) => {
            const uri = v.eval(ctx);
            try {
              parseUri(uri);
            } catch {
              return -1;
            }
            ctx.dstUri = uri;
            return 1;
          };
        },
      },
      {
        name: 'km_append_branch',
        args: ['fmt', 'str'],
        minArgs: 0,
        fixup(args) {
          const uri = args.has(0) ? args.fmt(0) : null;
          return (ctx) => {
            const req = ctx.request;
            if (req === null) return -1;
            const u = uri === null ? req.requestUriText : uri.eval(ctx);
            ctx.branches.push({ uri: u, dstUri: uri === null ? ctx.dstUri : null, q: null, flags: uri === null ? ctx.bflags : 0, path: null, socket: null });
            return 1;
          };
        },
      },
      {
        name: 'is_myself',
        args: ['fmt'],
        fixup(args) {
          const v = args.fmt(0);
          return (ctx) => {
            const text = v.eval(ctx);
            try {
              const u = parseUri(text.includes(':') ? text : `sip:${text}`);
              return u.kind === 'sip' && ctx.core.isMyself(u.host, u.port, u.scheme === 'sips') ? 1 : -1;
            } catch {
              return -1;
            }
          };
        },
      },
      {
        name: 'pv_printf',
        args: ['pv', 'fmt'],
        fixup(args) {
          const pv = args.pv(0);
          const set = pv.set;
          if (set === undefined) throw new FixupError('pv_printf(): the first argument must be a writable pseudo-variable', 0);
          const fmt = args.fmt(1);
          return (ctx) => {
            set(ctx, fmt.eval(ctx));
            return 1;
          };
        },
      },
    ];
    return { functions, rpc: statsRpc(ctx.stats) };
  },
};

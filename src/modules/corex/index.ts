/**
 * corex: extra core functions — set_send_socket / set_recv_socket names, is_faked_msg,
 * extended message flags (setxflag, resetxflag, isxflagset; 0..63 kept per message), and the
 * corex.list_sockets and corex.list_aliases RPC methods.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import type { RpcMethod } from '../../rpc/rpc-method.js';
import type { ModuleDefinition } from '../module-api.js';

export const corexModule: ModuleDefinition = {
  name: 'corex',
  doc: 'core extensions: sockets, faked-message test, extended flags',
  params: {
    alias_subdomains: { type: 'str', default: null, multi: true, doc: 'domains whose subdomains count as myself' },
    network_io_intercept: { type: 'int', default: 0, doc: 'accepted for compatibility' },
    min_msg_len: { type: 'int', default: 32, doc: 'shorter datagrams are ignored' },
    msg_recv_max_size: { type: 'int', default: 32767, doc: 'largest message accepted' },
  },
  create(ctx) {
    const xflags = new WeakMap<MessageContext, bigint>();
    const xflag = (name: string, op: 'set' | 'reset' | 'test'): ScriptFunction => ({
      name,
      args: ['int-pv'],
      fixup(args) {
        const f = args.intArg(0);
        if (f.constant !== null && (f.constant < 0 || f.constant > 63)) throw new FixupError(`${name}(): flag must be 0..63`, 0);
        return (ctx) => {
          const n = f.eval(ctx);
          if (n < 0 || n > 63) return -1;
          const bit = 1n << BigInt(n);
          const cur = xflags.get(ctx) ?? 0n;
          if (op === 'test') return (cur & bit) !== 0n ? 1 : -1;
          xflags.set(ctx, op === 'set' ? cur | bit : cur & ~bit);
          return 1;
        };
      },
    });
    const functions: ScriptFunction[] = [
      { name: 'is_faked_msg', args: [], fixup: () => () => -1 },
      {
        name: 'set_send_socket',
        args: ['fmt'],
        fixup(args) {
          const v = args.fmt(0);
          return (ctx) => {
            const spec = v.eval(ctx);
            const l = ctx.core.listeners().find((s) => s.id === spec || `${s.proto}:${s.address}:${String(s.port)}` === spec);
            if (l === undefined) return -1;
            ctx.forceSocket = l.id;
            return 1;
          };
        },
      },
      xflag('setxflag', 'set'),
      xflag('resetxflag', 'reset'),
      xflag('isxflagset', 'test'),
    ];
    const rpc: RpcMethod[] = [
      {
        name: 'corex.list_sockets',
        doc: 'List listening sockets.',
        returns: 'list',
        handler: () =>
          ctx.core.listeners().map((l) => ({
            socket: {
              PROTO: l.proto,
              NAME: l.address,
              ADDRLIST: { ADDR: l.address },
              PORT: String(l.port),
              MCAST: 'no',
              MHOMED: 'no',
              VIRTUAL: 'no',
              SOCKNAME: '-',
              ADVERTISE: l.advertise === undefined ? '-' : `${l.advertise.host}:${String(l.advertise.port)}`,
            },
          })),
      },
      {
        // Kamailio 5.6: one struct per alias, last declared first; PROTO `*` and PORT 0 for any.
        name: 'corex.list_aliases',
        doc: 'List socket aliases',
        returns: 'list',
        handler: () => ctx.core.aliases().map((a) => ({ PROTO: a.proto ?? '*', ADDR: a.host, PORT: a.port ?? 0 })),
      },
    ];
    return { functions, rpc };
  },
};

/**
 * speeddial: `sd_lookup(table[, owner])` finds the owner's entry (From URI user, or the user of
 * the owner URI given; with use_domain also its host) whose short number is the Request-URI user
 * (with use_domain also sd_domain = the Request-URI host) in the speed_dial table, and sets the
 * Request-URI to its new_uri: 1, or -1 when there is none or on a database error (logged).
 */
import type { MessageContext } from '../../cfg/message-context.js';
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import { SharedDb } from '../../db/daemon-pool.js';
import { SpeedDialRepo } from '../../db/repos/speed-dial.js';
import { describeDb } from '../../db/settings.js';
import { parseUri, type SipUri } from '../../sip/uri.js';
import type { ModuleDefinition } from '../module-api.js';

function sipUri(text: string): SipUri | null {
  try {
    const u = parseUri(text);
    return u.kind === 'sip' ? u : null;
  } catch {
    return null;
  }
}

export const speeddialModule: ModuleDefinition = {
  name: 'speeddial',
  doc: 'short numbers from the speed_dial table',
  params: {
    db_url: { type: 'str', default: 'mysql://kamailioro:kamailioro@localhost/kamailio', doc: 'database URL (mysql://, postgres://, sqlite:///path)' },
    use_domain: { type: 'int', default: 0, doc: 'also match the owner\'s domain and the short number\'s domain' },
  },
  create(mod) {
    let shared: SharedDb;
    try {
      shared = new SharedDb('speeddial', mod.params.str('db_url') ?? '');
    } catch (e) {
      throw new FixupError(e instanceof Error ? e.message : String(e));
    }
    const useDomain = mod.params.int('use_domain') !== 0;
    const fromUri = (ctx: MessageContext): SipUri | null => {
      const uri = ctx.msg.from?.uri;
      return uri?.kind === 'sip' ? uri : null;
    };
    const functions: ScriptFunction[] = [
      {
        name: 'sd_lookup',
        args: ['fmt', 'fmt'],
        minArgs: 1,
        routes: ['request', 'failure'],
        fixup(args) {
          const table = args.fmt(0);
          const ownerArg = args.has(1) ? args.fmt(1) : null;
          return async (ctx) => {
            const req = ctx.request;
            const db = shared.db;
            if (req === null || db === null) return -1;
            const owner = ownerArg === null ? fromUri(ctx) : sipUri(ownerArg.eval(ctx));
            const ruri = sipUri(req.requestUriText);
            if (owner?.user == null || ruri?.user == null) return -1;
            try {
              const [row] = await new SpeedDialRepo(db, table.eval(ctx)).lookup(owner.user, useDomain ? owner.host : null, ruri.user, useDomain ? ruri.host : null);
              if (row === undefined) return -1;
              req.setRequestUri(row.newUri);
              return 1;
            } catch (e) {
              mod.logger.log(-1, `speed dial lookup of ${ruri.user} for ${owner.user} failed (${describeDb(shared.settings)}): ${e instanceof Error ? e.message : String(e)}`);
              return -1;
            }
          };
        },
      },
    ];
    return {
      functions,
      init: () => shared.open().then(() => undefined),
      stop: () => shared.close(),
    };
  },
};

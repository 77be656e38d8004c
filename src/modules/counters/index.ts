/**
 * counters: script counters on the daemon's statistics registry (Kamailio `group:name`
 * statistics, read by stats.get_statistics). `modparam("counters", "script_counter", "name")`
 * declares one in the `script` group (or `group.name`); `cnt_inc`, `cnt_add`, `cnt_reset`.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { ModuleDefinition } from '../module-api.js';

export const countersModule: ModuleDefinition = {
  name: 'counters',
  doc: 'script counters and the statistics registry',
  params: {
    script_counter: { type: 'str', default: null, multi: true, doc: 'declare a counter: "name" or "group.name", optional " desc"' },
    script_cnt_grp_name: { type: 'str', default: 'script', doc: 'group of counters declared without one' },
  },
  create(ctx) {
    const defGroup = ctx.params.str('script_cnt_grp_name') ?? 'script';
    const split = (spec: string): [string, string] => {
      const name = spec.trim().split(/\s+/)[0] ?? '';
      const dot = name.indexOf('.');
      return dot < 0 ? [defGroup, name] : [name.slice(0, dot), name.slice(dot + 1)];
    };
    for (const spec of ctx.params.all('script_counter')) {
      const [g, n] = split(String(spec));
      if (n.length === 0) throw new FixupError(`counters: bad script_counter ${String(spec)}`);
      ctx.stats.register(g, n, 'counter', String(spec).trim().split(/\s+/).slice(1).join(' ') || 'script counter');
    }
    const counter = (fn: string, text: string, i: number): [string, string] => {
      const [g, n] = split(text);
      if (ctx.stats.get(g, n) === undefined) throw new FixupError(`${fn}(): no counter ${g}.${n} (declare it with modparam("counters", "script_counter", "${n}"))`, i);
      return [g, n];
    };
    const functions: ScriptFunction[] = [
      {
        name: 'cnt_inc',
        args: ['str'],
        fixup(args) {
          const [g, n] = counter('cnt_inc', args.str(0), 0);
          return () => (ctx.stats.inc(g, n), 1);
        },
      },
      {
        name: 'cnt_add',
        args: ['str', 'int-pv'],
        fixup(args) {
          const [g, n] = counter('cnt_add', args.str(0), 0);
          const v = args.intArg(1);
          return (m) => (ctx.stats.inc(g, n, v.eval(m)), 1);
        },
      },
      {
        name: 'cnt_reset',
        args: ['str'],
        fixup(args) {
          const [g, n] = counter('cnt_reset', args.str(0), 0);
          return () => (ctx.stats.reset(g, n) ? 1 : -1);
        },
      },
    ];
    return { functions, api: ctx.stats };
  },
};

/**
 * textopsx: msg_apply_changes (re-parse the message with its edits, so later code sees them),
 * and the header value functions remove_hf_value, assign_hf_value, include_hf_value,
 * exclude_hf_value and hf_value_exists, which work on one comma-separated value of a header.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import { parseMessage, serializeMessage, splitHeaderValues } from '../../sip/index.js';
import type { ModuleDefinition } from '../module-api.js';

/** `Name` or `Name[i]` (i from 1; -1 the last). */
function headerSpec(text: string): { name: string; index: number | null } | null {
  const m = /^\s*([A-Za-z0-9!%'*+._`~-]+)\s*(?:\[\s*(-?[0-9]+)\s*\])?\s*$/.exec(text);
  if (m === null) return null;
  return { name: m[1] ?? '', index: m[2] === undefined ? null : Number(m[2]) };
}

function values(ctx: MessageContext, name: string): string[] {
  return ctx.msg.headerValues(name).flatMap((v) => splitHeaderValues(v).map((x) => x.trim()).filter((x) => x.length > 0));
}

function writeValues(ctx: MessageContext, name: string, list: readonly string[]): void {
  if (list.length === 0) ctx.msg.removeHeaders(name);
  else ctx.msg.replaceHeader(name, list.join(', '));
}

function spec(args: { str(i: number): string }, fn: string): { name: string; index: number | null } {
  const s = headerSpec(args.str(0));
  if (s === null) throw new FixupError(`${fn}(): "${args.str(0)}" is not a header name (Name or Name[index])`, 0);
  return s;
}

export const textopsxModule: ModuleDefinition = {
  name: 'textopsx',
  doc: 'message rebuild and header value operations',
  params: {},
  create() {
    const functions: ScriptFunction[] = [
      {
        name: 'msg_apply_changes',
        args: [],
        routes: ['request', 'onreply', 'reply'],
        fixup: () => (ctx) => {
          try {
            ctx.msg = parseMessage(serializeMessage(ctx.msg));
          } catch {
            return 0;
          }
          return 1;
        },
      },
      {
        name: 'remove_hf_value',
        args: ['str'],
        fixup(args) {
          const s = spec(args, 'remove_hf_value');
          return (ctx) => {
            const list = values(ctx, s.name);
            if (list.length === 0) return -1;
            if (s.index === null) writeValues(ctx, s.name, []);
            else {
              const i = s.index < 0 ? list.length + s.index : s.index - 1;
              if (i < 0 || i >= list.length) return -1;
              list.splice(i, 1);
              writeValues(ctx, s.name, list);
            }
            return 1;
          };
        },
      },
      {
        name: 'assign_hf_value',
        args: ['str', 'fmt'],
        fixup(args) {
          const s = spec(args, 'assign_hf_value');
          const v = args.fmt(1);
          return (ctx) => {
            const list = values(ctx, s.name);
            const value = v.eval(ctx);
            if (s.index === null) writeValues(ctx, s.name, list.length === 0 ? [value] : list.map(() => value));
            else {
              const i = s.index < 0 ? list.length + s.index : s.index - 1;
              if (i < 0 || i >= list.length) return -1;
              list[i] = value;
              writeValues(ctx, s.name, list);
            }
            return 1;
          };
        },
      },
      {
        name: 'include_hf_value',
        args: ['str', 'fmt'],
        fixup(args) {
          const s = spec(args, 'include_hf_value');
          const v = args.fmt(1);
          return (ctx) => {
            const list = values(ctx, s.name);
            const value = v.eval(ctx);
            if (!list.some((x) => x.toLowerCase() === value.toLowerCase())) writeValues(ctx, s.name, [...list, value]);
            return 1;
          };
        },
      },
      {
        name: 'exclude_hf_value',
        args: ['str', 'fmt'],
        fixup(args) {
          const s = spec(args, 'exclude_hf_value');
          const v = args.fmt(1);
          return (ctx) => {
            const value = v.eval(ctx).toLowerCase();
            const list = values(ctx, s.name);
            const kept = list.filter((x) => x.toLowerCase() !== value);
            if (kept.length === list.length) return -1;
            writeValues(ctx, s.name, kept);
            return 1;
          };
        },
      },
      {
        name: 'hf_value_exists',
        args: ['str', 'fmt'],
        fixup(args) {
          const s = spec(args, 'hf_value_exists');
          const v = args.fmt(1);
          return (ctx) => {
            const value = v.eval(ctx).toLowerCase();
            return values(ctx, s.name).some((x) => x.toLowerCase() === value) ? 1 : -1;
          };
        },
      },
    ];
    return { functions };
  },
};

/**
 * textops: header and text operations on the message — is_method, append_hf, insert_hf,
 * remove_hf, remove_hf_re, is_present_hf, search, search_body, search_append, subst,
 * subst_uri, subst_user, replace, replace_all, replace_body, starts_with, has_body, set_body,
 * append_to_reply, in_list.
 */
import { FixupError, type ScriptFunction } from '../../cfg/script-api.js';
import type { MessageContext } from '../../cfg/message-context.js';
import { parseUri, withSipUriParts } from '../../sip/index.js';
import type { ModuleDefinition } from '../module-api.js';
import { messageText, parseSubst, rebuild, splitMessage } from './text-edit.js';

/** Methods Kamailio knows by id; a list in is_method must use only these. */
const KNOWN_METHODS = new Set(['INVITE', 'CANCEL', 'ACK', 'BYE', 'INFO', 'OPTIONS', 'UPDATE', 'REGISTER', 'MESSAGE', 'SUBSCRIBE', 'NOTIFY', 'PRACK', 'REFER', 'PUBLISH', 'KDMQ', 'GET', 'POST', 'PUT', 'DELETE']);

/** Parses "Name: value\r\n…" text into fields. */
export function headerLines(text: string): [string, string][] | null {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.length === 0) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** textops compiles with REG_NEWLINE: `^` and `$` match at line boundaries. */
function lines(re: RegExp): RegExp {
  return re.flags.includes('m') ? re : new RegExp(re.source, `${re.flags}m`);
}

function methodOf(ctx: MessageContext): string | null {
  return ctx.msg.kind === 'request' ? ctx.msg.method : (ctx.msg.cseq?.method ?? null);
}

/** Applies a text edit to the part of the message after the start line; 1 if it changed, -1 if not. */
function editText(ctx: MessageContext, edit: (headersAndBody: string) => string | null, bodyOnly = false): number {
  const { start, headers, body } = splitMessage(messageText(ctx.msg));
  if (bodyOnly) {
    const nb = edit(body);
    if (nb === null) return -1;
    ctx.msg = rebuild(start, headers, nb);
    return 1;
  }
  const whole = `${headers}\r\n${body}`;
  const changed = edit(whole);
  if (changed === null) return -1;
  const sep = changed.indexOf('\r\n\r\n');
  const hdrs = sep < 0 ? changed : changed.slice(0, sep + 2);
  const nb = sep < 0 ? '' : changed.slice(sep + 4);
  try {
    ctx.msg = rebuild(start, hdrs.startsWith('\r\n') ? hdrs.slice(2) : hdrs, nb);
  } catch {
    return -1;
  }
  return 1;
}

function substFn(name: string, apply: (ctx: MessageContext, re: RegExp, repl: string) => number): ScriptFunction {
  return {
    name,
    args: ['str'],
    fixup(args) {
      const s = parseSubst(args.str(0));
      if (s === null) throw new FixupError(`${name}(): bad substitution ${JSON.stringify(args.str(0))} (expected /re/replacement/flags)`, 0);
      return (ctx) => apply(ctx, s.re, s.replacement);
    },
  };
}

function ruriUserEdit(ctx: MessageContext, re: RegExp, repl: string, part: 'uri' | 'user'): number {
  const req = ctx.request;
  if (req === null) return -1;
  try {
    const u = req.requestUri;
    if (part === 'uri') {
      const text = req.requestUriText;
      if (!new RegExp(re.source, re.flags.replace('g', '')).test(text)) return -1;
      req.setRequestUri(text.replace(re, repl));
      return 1;
    }
    if (u.kind !== 'sip' || u.user === null) return -1;
    if (!new RegExp(re.source, re.flags.replace('g', '')).test(u.user)) return -1;
    req.setRequestUri(withSipUriParts(u, { user: u.user.replace(re, repl) || null }));
    return 1;
  } catch {
    return -1;
  }
}

export const textopsModule: ModuleDefinition = {
  name: 'textops',
  doc: 'text operations on headers and body',
  params: {},
  create() {
    const functions: ScriptFunction[] = [
      {
        name: 'is_method',
        args: ['str'],
        fixup(args) {
          const list = args.str(0).split('|').map((m) => m.trim());
          if (list.length > 1) {
            for (const m of list) if (!KNOWN_METHODS.has(m.toUpperCase())) throw new FixupError(`is_method(): "${m}" is not a known method (a list may only hold known methods)`, 0);
            const set = new Set(list.map((m) => m.toUpperCase()));
            return (ctx) => (set.has((methodOf(ctx) ?? '').toUpperCase()) ? 1 : -1);
          }
          const one = (list[0] ?? '').toUpperCase();
          return (ctx) => ((methodOf(ctx) ?? '').toUpperCase() === one ? 1 : -1);
        },
      },
      {
        name: 'append_hf',
        args: ['fmt'],
        fixup(args) {
          const text = args.fmt(0);
          return (ctx) => {
            const lines = headerLines(text.eval(ctx));
            if (lines === null || lines.length === 0) return -1;
            try {
              for (const [n, v] of lines) ctx.msg.appendHeader(n, v);
            } catch {
              return -1;
            }
            return 1;
          };
        },
      },
      {
        name: 'insert_hf',
        args: ['fmt'],
        fixup(args) {
          const text = args.fmt(0);
          return (ctx) => {
            const lines = headerLines(text.eval(ctx));
            if (lines === null || lines.length === 0) return -1;
            try {
              for (const [n, v] of [...lines].reverse()) ctx.msg.insertHeader(n, v);
            } catch {
              return -1;
            }
            return 1;
          };
        },
      },
      {
        name: 'remove_hf',
        args: ['str'],
        fixup(args) {
          const name = args.str(0);
          return (ctx) => (ctx.msg.removeHeaders(name) > 0 ? 1 : -1);
        },
      },
      {
        name: 'remove_hf_re',
        args: ['regex'],
        fixup(args) {
          const re = args.regex(0);
          return (ctx) => {
            const names = [...new Set(ctx.msg.headers.filter((h) => re.test(h.name)).map((h) => h.name))];
            let n = 0;
            for (const name of names) n += ctx.msg.removeHeaders(name);
            return n > 0 ? 1 : -1;
          };
        },
      },
      {
        name: 'is_present_hf',
        args: ['str'],
        fixup(args) {
          const name = args.str(0);
          return (ctx) => (ctx.msg.hasHeader(name) ? 1 : -1);
        },
      },
      {
        name: 'is_present_hf_re',
        args: ['regex'],
        fixup(args) {
          const re = args.regex(0);
          return (ctx) => (ctx.msg.headers.some((h) => re.test(h.name)) ? 1 : -1);
        },
      },
      {
        name: 'search',
        args: ['regex'],
        fixup(args) {
          const re = lines(args.regex(0));
          return (ctx) => (re.test(messageText(ctx.msg)) ? 1 : -1);
        },
      },
      {
        name: 'search_body',
        args: ['regex'],
        fixup(args) {
          const re = lines(args.regex(0));
          return (ctx) => (ctx.msg.body.length > 0 && re.test(ctx.msg.body.toString('utf8')) ? 1 : -1);
        },
      },
      {
        name: 'search_append',
        args: ['regex', 'fmt'],
        fixup(args) {
          const re = lines(args.regex(0));
          const add = args.fmt(1);
          return (ctx) =>
            editText(ctx, (t) => {
              const m = re.exec(t);
              if (m === null) return null;
              const end = m.index + m[0].length;
              return t.slice(0, end) + add.eval(ctx) + t.slice(end);
            });
        },
      },
      {
        name: 'replace',
        args: ['regex', 'fmt'],
        fixup(args) {
          const re = lines(args.regex(0));
          const by = args.fmt(1);
          return (ctx) => editText(ctx, (t) => (re.test(t) ? t.replace(re, by.eval(ctx)) : null));
        },
      },
      {
        name: 'replace_all',
        args: ['regex', 'fmt'],
        fixup(args) {
          const src = lines(args.regex(0));
          const re = new RegExp(src.source, `${src.flags}g`);
          const by = args.fmt(1);
          return (ctx) => editText(ctx, (t) => (src.test(t) ? t.replace(re, by.eval(ctx)) : null));
        },
      },
      {
        name: 'replace_body',
        args: ['regex', 'fmt'],
        fixup(args) {
          const re = lines(args.regex(0));
          const by = args.fmt(1);
          return (ctx) => editText(ctx, (t) => (re.test(t) ? t.replace(re, by.eval(ctx)) : null), true);
        },
      },
      substFn('subst', (ctx, re, repl) => editText(ctx, (t) => (new RegExp(re.source, re.flags.replace('g', '')).test(t) ? t.replace(re, repl) : null))),
      substFn('subst_body', (ctx, re, repl) => editText(ctx, (t) => (new RegExp(re.source, re.flags.replace('g', '')).test(t) ? t.replace(re, repl) : null), true)),
      substFn('subst_uri', (ctx, re, repl) => ruriUserEdit(ctx, re, repl, 'uri')),
      substFn('subst_user', (ctx, re, repl) => ruriUserEdit(ctx, re, repl, 'user')),
      {
        name: 'starts_with',
        args: ['fmt', 'fmt'],
        fixup(args) {
          const a = args.fmt(0);
          const b = args.fmt(1);
          return (ctx) => (a.eval(ctx).startsWith(b.eval(ctx)) ? 1 : -1);
        },
      },
      {
        name: 'has_body',
        args: ['str'],
        minArgs: 0,
        fixup(args) {
          const type = args.has(0) ? args.str(0).toLowerCase() : null;
          return (ctx) => {
            if (ctx.msg.body.length === 0) return -1;
            if (type === null) return 1;
            const ct = ctx.msg.contentType;
            return ct !== null && `${ct.type}/${ct.subtype}`.toLowerCase() === type ? 1 : -1;
          };
        },
      },
      {
        name: 'set_body',
        args: ['fmt', 'fmt'],
        fixup(args) {
          const body = args.fmt(0);
          const type = args.fmt(1);
          return (ctx) => {
            try {
              ctx.msg.setBody(body.eval(ctx), type.eval(ctx));
            } catch {
              return -1;
            }
            return 1;
          };
        },
      },
      {
        name: 'append_to_reply',
        args: ['fmt'],
        fixup(args) {
          const text = args.fmt(0);
          return (ctx) => {
            const lines = headerLines(text.eval(ctx));
            if (lines === null) return -1;
            ctx.replyHeaders.push(...lines);
            return 1;
          };
        },
      },
      {
        name: 'in_list',
        args: ['fmt', 'fmt', 'str'],
        fixup(args) {
          const v = args.fmt(0);
          const list = args.fmt(1);
          const sep = args.str(2);
          if (sep.length !== 1) throw new FixupError('in_list(): the separator must be one character', 2);
          return (ctx) => (list.eval(ctx).split(sep).map((s) => s.trim()).includes(v.eval(ctx)) ? 1 : -1);
        },
      },
      {
        name: 'cmp_str',
        args: ['fmt', 'fmt'],
        fixup(args) {
          const a = args.fmt(0);
          const b = args.fmt(1);
          return (ctx) => (a.eval(ctx) === b.eval(ctx) ? 1 : -1);
        },
      },
      {
        name: 'cmp_istr',
        args: ['fmt', 'fmt'],
        fixup(args) {
          const a = args.fmt(0);
          const b = args.fmt(1);
          return (ctx) => (a.eval(ctx).toLowerCase() === b.eval(ctx).toLowerCase() ? 1 : -1);
        },
      },
    ];
    return { functions };
  },
};

/** Parses a URI for modules that need to check arguments. */
export function isValidUri(text: string): boolean {
  try {
    parseUri(text);
    return true;
  } catch {
    return false;
  }
}

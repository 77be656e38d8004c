/**
 * Raw-text edits of a message (textops `subst`, `replace`, `search_append` …): the message is
 * serialized, edited as text, its Content-Length fixed, and parsed again.
 */
import { parseMessage, serializeMessage, type SipRequest, type SipResponse } from '../../sip/index.js';

/** Splits serialized text into start line, header block (with its final CRLF) and body. */
export function splitMessage(text: string): { start: string; headers: string; body: string } {
  const firstEnd = text.indexOf('\r\n') + 2;
  const hdrEnd = text.indexOf('\r\n\r\n');
  const cut = hdrEnd < 0 ? text.length : hdrEnd + 2;
  return { start: text.slice(0, firstEnd), headers: text.slice(firstEnd, cut), body: hdrEnd < 0 ? '' : text.slice(hdrEnd + 4) };
}

/** Reassembles and parses a message, rewriting Content-Length to the body's length. */
export function rebuild(start: string, headers: string, body: string): SipRequest | SipResponse {
  const len = Buffer.byteLength(body);
  let h = headers;
  if (/^(content-length|l)[ \t]*:/im.test(h)) h = h.replace(/^(content-length|l)([ \t]*:)[^\r\n]*/im, `$1$2 ${String(len)}`);
  else h += `Content-Length: ${String(len)}\r\n`;
  return parseMessage(Buffer.from(`${start}${h}\r\n${body}`));
}

export function messageText(msg: SipRequest | SipResponse): string {
  return serializeMessage(msg).toString('utf8');
}

/** A sed-like `/re/repl/flags` expression (any delimiter). */
export interface SubstExpr {
  readonly re: RegExp;
  readonly replacement: string;
}

export function parseSubst(expr: string): SubstExpr | null {
  if (expr.length < 3) return null;
  const d = expr.charAt(0);
  const parts: string[] = [];
  let cur = '';
  for (let i = 1; i < expr.length; i++) {
    const c = expr.charAt(i);
    if (c === '\\' && expr.charAt(i + 1) === d) {
      cur += d;
      i++;
    } else if (c === d) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  if (parts.length !== 3) return null;
  const [re, repl, flags] = parts as [string, string, string];
  if (!/^[gi]*$/.test(flags)) return null;
  try {
    return { re: new RegExp(re, `m${flags.includes('g') ? 'g' : ''}${flags.includes('i') ? 'i' : ''}`), replacement: repl.replace(/\\([0-9])/g, '$$$1') };
  } catch {
    return null;
  }
}

/**
 * Serial forking by q value (tm's `t_load_contacts([mode])` and `t_next_contacts()`): the
 * destination set is taken out of the message, ordered into groups by q, and handed back one
 * group at a time — the first group before `t_relay`, the next ones from failure_route.
 *
 * Facts checked against Kamailio 5.6: with no appended branch t_load_contacts does nothing
 * (and returns 1); otherwise it clears the branches, keeps the Request-URI, and orders every
 * contact by q, highest first, a contact without q below q=0, and contacts of equal q in the
 * reverse of their destination-set order. t_next_contacts rewrites the Request-URI (and `$du`,
 * Path, branch flags, socket) to the first contact of the next group and appends the rest of
 * the group as branches; it returns -2 once nothing is left.
 */
import { randomInt } from 'node:crypto';
import type { MessageContext } from '../../cfg/message-context.js';

/** One stored contact of the destination set (Kamailio keeps the same fields in contacts_avp). */
export interface SerialContact {
  readonly uri: string;
  readonly dstUri: string | null;
  readonly path: string | null;
  readonly q: number | null;
  readonly flags: number;
  readonly socket: string | null;
}

/** The groups still to try, first group first; t_next_contacts takes from the front. */
export type SerialGroups = SerialContact[][];

/** `mode` of t_load_contacts: 0 groups of equal q (parallel within a group), 1 q as a weight (one contact per group). */
export type LoadMode = 0 | 1;

const qOf = (c: SerialContact): number => c.q ?? -1;

/** The destination set of the message as contacts: branch 0 (the Request-URI) first. */
function destinationSet(ctx: MessageContext, ruri: string): SerialContact[] {
  const first: SerialContact = { uri: ruri, dstUri: ctx.dstUri, path: ctx.path, q: ctx.ruriQ, flags: ctx.bflags, socket: ctx.forceSocket };
  return [first, ...ctx.branches.map((b) => ({ uri: b.uri, dstUri: b.dstUri, path: b.path, q: b.q, flags: b.flags, socket: b.socket }))];
}

/** Mode 0: by q, highest first; equal q keep the reverse of their order and form one group. */
function byQ(contacts: readonly SerialContact[]): SerialGroups {
  const sorted = [...contacts].reverse().sort((a, b) => qOf(b) - qOf(a));
  const groups: SerialGroups = [];
  for (const c of sorted) {
    const last = groups.at(-1);
    if (last?.[0] !== undefined && qOf(last[0]) === qOf(c)) last.push(c);
    else groups.push([c]);
  }
  return groups;
}

/**
 * Mode 1: contacts with q > 0 in a random order where a contact comes first with a chance
 * proportional to its q; then those with q ≤ 0 or none, as mode 0 orders them. One per group.
 */
function byWeight(contacts: readonly SerialContact[], pick: (max: number) => number): SerialGroups {
  const weighted = contacts.filter((c) => qOf(c) > 0);
  const out: SerialGroups = [];
  // q has at most three decimals: weights in thousandths are exact integers.
  while (weighted.length > 0) {
    const total = weighted.reduce((n, c) => n + Math.round(qOf(c) * 1000), 0);
    let r = pick(total);
    let i = 0;
    for (; i < weighted.length - 1; i++) {
      const w = Math.round(qOf(weighted[i] as SerialContact) * 1000);
      if (r < w) break;
      r -= w;
    }
    out.push(weighted.splice(i, 1));
  }
  for (const g of byQ(contacts.filter((c) => qOf(c) <= 0))) for (const c of g) out.push([c]);
  return out;
}

/**
 * t_load_contacts: the ordered groups of the destination set, with the message's branches
 * cleared; null when there is nothing to order (no appended branch).
 */
export function loadContacts(ctx: MessageContext, mode: LoadMode, pick: (max: number) => number = randomInt): SerialGroups | null {
  const req = ctx.request;
  if (req === null || ctx.branches.length === 0) return null;
  const contacts = destinationSet(ctx, req.requestUriText);
  ctx.branches = [];
  return mode === 0 ? byQ(contacts) : byWeight(contacts, pick);
}

/**
 * t_next_contacts: moves the next group into the destination set. 1 done, -2 nothing left,
 * -1 when the contact's URI cannot be the Request-URI.
 */
export function nextContacts(ctx: MessageContext, groups: SerialGroups | null): number {
  const req = ctx.request;
  const group = groups?.shift();
  if (req === null || group === undefined) return -2;
  const [first, ...rest] = group;
  if (first === undefined) return -2;
  try {
    req.setRequestUri(first.uri);
  } catch {
    return -1;
  }
  ctx.dstUri = first.dstUri;
  ctx.path = first.path;
  ctx.ruriQ = first.q;
  ctx.bflags = first.flags;
  if (first.socket !== null) ctx.forceSocket = first.socket;
  for (const c of rest) ctx.branches.push({ uri: c.uri, dstUri: c.dstUri, q: c.q, flags: c.flags, path: c.path, socket: c.socket });
  return 1;
}

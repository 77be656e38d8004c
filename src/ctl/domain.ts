/** kamctl's `domain reload|show` over the domain module's RPC methods. */
import type { RpcValue } from '../rpc/rpc-value.js';
import { table } from '../cli/render.js';
import { listOf, optString, str, stringList, structOf } from './reply-fields.js';
import { messageOf, type MessageResult } from './dispatcher.js';
import type { RpcCaller } from './rpc-caller.js';

export interface DomainEntry {
  readonly domain: string;
  readonly did: string | null;
}

export interface DomainAttributes {
  readonly did: string;
  readonly attrs: readonly string[];
}

export interface DomainShowResult {
  readonly domains: readonly DomainEntry[];
  readonly attributes: readonly DomainAttributes[];
}

export function parseDomainDump(reply: RpcValue): DomainShowResult {
  if (reply === null) return { domains: [], attributes: [] };
  const top = structOf('domain.dump', reply, 'the result');
  return {
    domains: listOf(top['domains']).map((d) => {
      const s = structOf('domain.dump', d, 'a domain entry');
      return { domain: str('domain.dump', s['domain'], 'domain'), did: optString(s['did']) };
    }),
    attributes: listOf(top['attributes']).map((a) => {
      const s = structOf('domain.dump', a, 'an attributes entry');
      return { did: str('domain.dump', s['did'], 'did'), attrs: stringList(s['attrs'] ?? []) };
    }),
  };
}

export async function domainShow(rpc: RpcCaller): Promise<DomainShowResult> {
  return parseDomainDump(await rpc.call('domain.dump', []));
}

export async function domainReload(rpc: RpcCaller): Promise<MessageResult> {
  return { message: messageOf(await rpc.call('domain.reload', [])) };
}

export function renderDomainShow(r: DomainShowResult): string {
  if (r.domains.length === 0) return 'no domains loaded';
  const attrs = new Map(r.attributes.map((a) => [a.did, a.attrs.join(', ')]));
  return table(['domain', 'did', 'attributes'], r.domains.map((d) => [d.domain, d.did ?? '', d.did === null ? '' : (attrs.get(d.did) ?? '')]));
}

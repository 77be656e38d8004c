/**
 * The RPC method registry: every module hands in its RpcMethod list, the servers look methods
 * up by name. `system.listMethods`, `system.methodHelp` and `system.methodSignature` are part
 * of every registry and answer from it with Kamailio's reply shapes (PROTOCOLS.md §2.8).
 */
import { AppError } from '../../errors.js';
import type { RpcContext, RpcMethod } from '../rpc-method.js';
import type { RpcValue } from '../rpc-value.js';

/** What Kamailio's system.methodHelp answers for a method without a doc string. */
export const UNDOCUMENTED = 'undocumented';

/** Method names are `<module>.<verb>` in practice; anything printable without blanks is accepted. */
const METHOD_NAME = /^[\x21-\x7e]{1,255}$/;

export class RpcRegistry {
  readonly #methods = new Map<string, RpcMethod>();
  readonly #owners = new Map<string, string>();
  #sortedNames: readonly string[] | undefined;

  constructor() {
    this.register(systemMethods(this), 'core');
  }

  /**
   * Adds a module's methods. All or nothing: a name that is already registered (or repeated in
   * the list) refuses the whole list with E_EXISTS, naming both owners.
   */
  register(methods: readonly RpcMethod[], owner = 'unknown'): void {
    const seen = new Set<string>();
    for (const method of methods) {
      if (!METHOD_NAME.test(method.name)) throw new AppError('E_USAGE', `RPC method name ${JSON.stringify(method.name)} of ${owner} is not a printable name without blanks`);
      const previous = this.#owners.get(method.name);
      if (previous !== undefined || seen.has(method.name)) {
        throw new AppError('E_EXISTS', `RPC method ${method.name} of ${owner} is already registered by ${previous ?? owner}`);
      }
      seen.add(method.name);
    }
    for (const method of methods) {
      this.#methods.set(method.name, method);
      this.#owners.set(method.name, owner);
    }
    this.#sortedNames = undefined;
  }

  get(name: string): RpcMethod | undefined {
    return this.#methods.get(name);
  }

  has(name: string): boolean {
    return this.#methods.has(name);
  }

  get size(): number {
    return this.#methods.size;
  }

  /** Every method name sorted by byte value, as system.listMethods returns them. */
  names(): readonly string[] {
    this.#sortedNames ??= [...this.#methods.keys()].sort(compareBytes);
    return this.#sortedNames;
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The first line of a doc string, or "undocumented". */
export function firstDocLine(doc: string): string {
  const line = doc.split('\n', 1)[0]?.trim() ?? '';
  return line === '' ? UNDOCUMENTED : line;
}

function systemMethods(registry: RpcRegistry): RpcMethod[] {
  return [
    {
      name: 'system.listMethods',
      doc: 'Lists all RPC methods supported by the server.',
      returns: 'list',
      handler: (): RpcValue => [...registry.names()],
    },
    {
      name: 'system.methodHelp',
      doc: 'Print the help string for given method.',
      handler: (ctx: RpcContext): RpcValue => {
        const name = ctx.params[0];
        if (typeof name !== 'string') throw ctx.fault(400, 'Method Name Expected');
        const method = registry.get(name);
        if (method === undefined) throw ctx.fault(400, 'command not found');
        return firstDocLine(method.doc);
      },
    },
    {
      name: 'system.methodSignature',
      doc: 'Returns signature of given method.',
      handler: (ctx: RpcContext): RpcValue => {
        throw ctx.fault(500, 'Not Implemented Yet');
      },
    },
  ];
}

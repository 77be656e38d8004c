/**
 * Test methods that answer with the shapes (and, where the value is not volatile, the values) a
 * real Kamailio 5.6 gave in the reference captures: core.uptime, core.version, core.ps,
 * core.psx, core.echo, stats.get_statistics, ul.dump, ul.lookup. Plus methods that fail on
 * purpose (test.boom throws a plain error, test.slow answers late).
 */
import fs from 'node:fs';
import { decodeJsonRpcResponse } from '../../../src/rpc/jsonrpc/codec.js';
import type { RpcMethod } from '../../../src/rpc/rpc-method.js';
import { isRpcArray, type RpcValue } from '../../../src/rpc/rpc-value.js';
import { controlPath } from '../../unit/rpc/reference.js';

/** The `result` of a JSON-RPC capture. */
export function capturedResult(label: string): RpcValue {
  const response = decodeJsonRpcResponse(fs.readFileSync(controlPath('jsonrpc', `${label}.rep.json`)));
  if (!('result' in response)) throw new Error(`capture ${label} is a fault`);
  return response.result;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's ctime() without the newline: `Thu Nov 26 11:38:15 2026`, local time. */
export function ctime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[date.getDay()] ?? ''} ${MONTHS[date.getMonth()] ?? ''} ${String(date.getDate()).padStart(2, ' ')} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}`;
}

function asStrings(value: RpcValue): string[] {
  if (!isRpcArray(value)) throw new Error('capture is not a list');
  return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

export function captureMethods(startedAt = new Date()): RpcMethod[] {
  const version = capturedResult('core.version');
  const ps = capturedResult('core.ps');
  const psx = capturedResult('core.psx');
  const stats = asStrings(capturedResult('stats.get_statistics.all'));
  const dump = capturedResult('ul.dump');
  const brief = capturedResult('ul.dump.brief');
  const lookup = capturedResult('ul.lookup');
  return [
    {
      name: 'core.uptime',
      doc: 'Returns uptime of SIP server.',
      handler: () => {
        const now = new Date();
        return { now: ctime(now), up_since: ctime(startedAt), uptime: Math.floor((now.getTime() - startedAt.getTime()) / 1000) };
      },
    },
    { name: 'core.version', doc: 'Returns the version string of the server.', handler: () => version },
    { name: 'core.ps', doc: 'Returns the description of running processes.', returns: 'list', handler: () => ps },
    { name: 'core.psx', doc: 'Returns the detailed description of running processes.', returns: 'list', handler: () => psx },
    {
      name: 'core.echo',
      doc: 'Returns back its parameters.',
      returns: 'list',
      handler: (ctx) =>
        ctx.params.map((param) => (typeof param === 'number' ? BigInt.asUintN(64, BigInt(Math.trunc(param))).toString() : typeof param === 'string' ? param : JSON.stringify(param))),
    },
    {
      name: 'stats.get_statistics',
      doc: 'Print statistics.',
      returns: 'list',
      handler: (ctx) => {
        if (ctx.params.length === 0) throw ctx.fault(400, 'Please provide which stats to retrieve');
        const out: string[] = [];
        for (const param of ctx.params) {
          const wanted = typeof param === 'string' ? param : JSON.stringify(param);
          if (wanted === 'all') out.push(...stats);
          else if (wanted.endsWith(':')) out.push(...stats.filter((line) => line.startsWith(wanted)));
          else out.push(...stats.filter((line) => line.slice(line.indexOf(':') + 1).startsWith(`${wanted} = `)));
        }
        return out;
      },
    },
    {
      name: 'ul.dump',
      doc: 'Dump user location tables.',
      handler: (ctx) => (ctx.params[0] === 'brief' ? brief : dump),
    },
    {
      name: 'ul.lookup',
      doc: 'Dump user location for one AoR.',
      handler: (ctx) => {
        const [table, aor] = ctx.params;
        if (typeof table !== 'string' || typeof aor !== 'string') throw ctx.fault(500, 'Not enough parameters (table and AOR to lookup)');
        if (table !== 'location') throw ctx.fault(500, 'Domain table not found');
        if (aor.toLowerCase().split('@')[0] !== 'alice') throw ctx.fault(500, 'AOR not found in location table');
        return lookup;
      },
    },
    {
      name: 'test.boom',
      doc: 'Throws an exception that is not a fault.',
      handler: () => {
        throw new TypeError('deliberate failure');
      },
    },
    {
      name: 'test.slow',
      doc: 'Answers after the number of milliseconds given.',
      handler: async (ctx) => {
        const ms = typeof ctx.params[0] === 'number' ? ctx.params[0] : 100;
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5000)));
        return 'done';
      },
    },
  ];
}

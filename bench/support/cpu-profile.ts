/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) and sums self time per function
 * and per source file: each sample is charged to the node it hit, with the time delta that
 * follows it.
 */
import fs from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

function toNode(v: unknown): ProfileNode | undefined {
  if (!isRecord(v) || typeof v.id !== 'number' || !isRecord(v.callFrame)) return undefined;
  const cf = v.callFrame;
  if (typeof cf.functionName !== 'string' || typeof cf.url !== 'string' || typeof cf.lineNumber !== 'number') return undefined;
  return { id: v.id, callFrame: { functionName: cf.functionName, url: cf.url, lineNumber: cf.lineNumber } };
}

export function parseCpuProfile(text: string): Profile {
  const v: unknown = JSON.parse(text);
  if (!isRecord(v) || !Array.isArray(v.nodes) || !isNumberArray(v.samples) || !isNumberArray(v.timeDeltas)) {
    throw new Error('not a V8 cpuprofile (nodes, samples and timeDeltas expected)');
  }
  const nodes: ProfileNode[] = [];
  for (const n of v.nodes) {
    const node = toNode(n);
    if (node === undefined) throw new Error('not a V8 cpuprofile: a node without id or callFrame');
    nodes.push(node);
  }
  return { nodes, samples: v.samples, timeDeltas: v.timeDeltas };
}

export interface SelfTimeRow {
  readonly name: string;
  readonly location: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Time in (idle): the event loop waiting. (program) — native code outside JS, such as
   *  libuv and the socket system calls — counts as busy. */
  readonly idleMs: number;
  readonly gcMs: number;
  readonly functions: readonly SelfTimeRow[];
  readonly files: readonly SelfTimeRow[];
}

/** A file path shown relative to the package root, or node's internal module name. */
function shortUrl(url: string, root: string): string {
  const p = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (p === '') return '(native)';
  return p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p;
}

export function summarizeProfile(profile: Profile, root: string, top: number): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) byId.set(n.id, n);
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time after sample i is timeDeltas[i + 1].
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (id === undefined) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }
  let totalUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  const fnUs = new Map<string, { name: string; location: string; us: number }>();
  const fileUs = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idleUs += us;
    if (functionName === '(garbage collector)') gcUs += us;
    const file = shortUrl(url, root);
    const location = url === '' ? '' : `${file}:${String(lineNumber + 1)}`;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name}@${location}`;
    const row = fnUs.get(key);
    if (row === undefined) fnUs.set(key, { name, location, us });
    else row.us += us;
    fileUs.set(url === '' ? name : file, (fileUs.get(url === '' ? name : file) ?? 0) + us);
  }
  const busyUs = Math.max(1, totalUs - idleUs);
  const functions = [...fnUs.values()]
    .filter((r) => r.name !== '(idle)')
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((r) => ({ name: r.name, location: r.location, selfMs: r.us / 1000, share: r.us / busyUs }));
  const files = [...fileUs.entries()]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, location: '', selfMs: us / 1000, share: us / busyUs }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, gcMs: gcUs / 1000, functions, files };
}

export function readProfileSummary(file: string, root: string, top: number): ProfileSummary {
  return summarizeProfile(parseCpuProfile(fs.readFileSync(file, 'utf8')), root, top);
}

/**
 * The generated parts of the documentation: the sipctlrc template, and README's tables of
 * rc keys, commands and error codes. `npm run gen:docs` writes them; a test checks that the
 * committed files equal what this produces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ERRORS, SIP_ERRORS } from '../src/errors.js';
import { RC_KEYS } from '../src/config/rc-keys.js';
import { PACKAGE_ROOT } from '../src/paths.js';

export const README = path.join(PACKAGE_ROOT, 'README.md');
export const RC_TEMPLATE = path.join(PACKAGE_ROOT, 'templates', 'sipctlrc');

/** A default that depends on the machine is shown as its rule, not as this machine's value. */
function shownDefault(name: string): string | undefined {
  const k = RC_KEYS.find((x) => x.name === name);
  if (k === undefined) return undefined;
  if (name === 'DB_PATH' || name === 'RUNDIR' || name === 'PID_FILE' || name === 'RPCFIFOPATH' || name === 'DBROOTUSER') return undefined;
  return k.fallback(new Map());
}

export function renderRcTemplate(): string {
  const out = [
    '# sipctlrc: settings of sipctl (kamctlrc syntax: KEY=value, quotes, # comments, $OTHER references).',
    '#',
    '# sipctl reads --rc FILE or $SIPCTLRC alone when given; otherwise /etc/sipctl/sipctlrc,',
    '# ~/.sipctlrc and ./sipctlrc in that order, a later file overriding an earlier one.',
    '# Environment variables override files, and command-line flags override both.',
    '# An existing kamctlrc works too: sipctl --rc /etc/kamailio/kamctlrc …',
    '#',
    '# Every key is listed below, commented out, with its default.',
    '',
  ];
  for (const k of RC_KEYS) {
    out.push(`## ${k.doc}${k.ours === true ? ' (sipctl only)' : ''}`);
    const d = shownDefault(k.name);
    out.push(`# ${k.name}=${d === undefined ? '' : /[\s#$"']/.test(d) || d === '' ? `"${d}"` : d}`);
    out.push('');
  }
  return out.join('\n');
}

function escapeCell(s: string): string {
  return s.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderRcTable(): string {
  const rows = RC_KEYS.map((k) => {
    const d = shownDefault(k.name);
    return `| \`${k.name}\` | ${d === undefined || d === '' ? '' : `\`${escapeCell(d)}\``} | ${escapeCell(k.doc)}${k.ours === true ? ' (sipctl only)' : ''} |`;
  });
  return ['| key | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderErrorTable(): string {
  const rows = Object.entries(ERRORS).map(([code, e]) => `| \`${code}\` | ${String(e.exitCode)} | ${escapeCell(e.summary)} |`);
  return ['| code | exit code | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderSipErrorTable(): string {
  const rows = Object.entries(SIP_ERRORS).map(([code, e]) => `| \`${code}\` | ${String(e.sipStatus)} ${escapeCell(e.reason)} |`);
  return ['| code | reply |', '| --- | --- |', ...rows].join('\n');
}

interface ManifestCommand {
  readonly id: string;
  readonly summary?: string;
}

export function renderCommandTable(): string {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'oclif.manifest.json'), 'utf8'));
  const commands =
    typeof manifest === 'object' && manifest !== null && 'commands' in manifest && typeof manifest.commands === 'object' && manifest.commands !== null
      ? Object.values(manifest.commands as Record<string, ManifestCommand>)
      : [];
  const rows = commands
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((c) => `| \`sipctl ${c.id.replaceAll(':', ' ')}\` | ${escapeCell(c.summary ?? '')} |`);
  return ['| command | what it does |', '| --- | --- |', ...rows].join('\n');
}

const SECTIONS: Readonly<Record<string, () => string>> = {
  'rc-keys': renderRcTable,
  'error-codes': renderErrorTable,
  'sip-error-codes': renderSipErrorTable,
  commands: renderCommandTable,
};

/** README with every generated section replaced by what the code says now. */
export function renderReadme(current: string): string {
  let text = current;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const i = text.indexOf(begin);
    const j = text.indexOf(end);
    if (i === -1 || j === -1 || j < i) throw new Error(`README.md lacks the markers ${begin} … ${end}`);
    text = `${text.slice(0, i + begin.length)}\n${render()}\n${text.slice(j)}`;
  }
  return text;
}

import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { addRoute, type CarrierRouteRow } from '../../src/db/repos/carrierroute.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';
import { AppError } from '../../src/errors.js';

export type CrAddcarrierResult = CarrierRouteRow;

function parseProb(text: string): number {
  if (!/^(0|1)?(\.\d+)?$/.test(text) || text === '' || text === '.') throw new AppError('E_USAGE', `probability ${JSON.stringify(text)} is not a number from 0 to 1`);
  return Number(text);
}

export default class CrAddcarrier extends ProvisionCommand<typeof CrAddcarrier, CrAddcarrierResult> {
  static override summary = 'Add a carrier route to carrierroute (kamctl cr addcarrier).';
  static override description = `Arguments in kamctl's order: carrier id, scan prefix, domain id, rewrite host, then optionally probability (default 1), strip (0), rewrite prefix, rewrite suffix, mask (0), flags (0) and description. kamctl's help lists flags before mask, but it writes the 9th argument to mask and the 10th to flags; sipctl does what kamctl writes.
The same carrier, prefix, domain and rewrite host twice is an error with exit code 20. Run sipctl cr reload afterwards.`;
  static override examples = ['<%= config.bin %> cr addcarrier 1 49 1 gw1.example.com', '<%= config.bin %> cr addcarrier 1 49 1 gw2.example.com 0.5 2 0049 "" 0 0 "half of Germany"'];
  static override args = {
    carrier: Args.string({ required: true, description: 'carrier id (carrier_name.id)' }),
    scan_prefix: Args.string({ required: true, description: 'number prefix the route serves' }),
    domain: Args.string({ required: true, description: 'routing domain id (domain_name.id)' }),
    rewrite_host: Args.string({ required: true, description: 'host the request goes to' }),
    prob: Args.string({ description: 'probability 0–1 (default 1)' }),
    strip: Args.string({ description: 'digits to strip (default 0)' }),
    rewrite_prefix: Args.string({ description: 'prefix to add' }),
    rewrite_suffix: Args.string({ description: 'suffix to add' }),
    mask: Args.string({ description: 'flag mask (default 0)' }),
    flags: Args.string({ description: 'flags (default 0)' }),
    description: Args.string({ description: 'free text' }),
  };

  async run(): Promise<CrAddcarrierResult> {
    const a = this.args;
    const u32 = (t: string | undefined, what: string): number => (t === undefined ? 0 : parseInteger(t, { min: 0, max: 2 ** 32 - 1, what }));
    const entry = {
      carrier: u32(a.carrier, 'carrier id'),
      domain: u32(a.domain, 'domain id'),
      scan_prefix: a.scan_prefix,
      flags: u32(a.flags, 'flags'),
      mask: u32(a.mask, 'mask'),
      prob: a.prob === undefined ? 1 : parseProb(a.prob),
      strip: u32(a.strip, 'strip'),
      rewrite_host: a.rewrite_host,
      rewrite_prefix: a.rewrite_prefix ?? '',
      rewrite_suffix: a.rewrite_suffix ?? '',
      description: a.description ?? '',
    };
    return withDb(this.db, 'rw', (db) => addRoute(db, entry));
  }

  protected text(r: CrAddcarrierResult): string {
    return `${keyValues([['id', r.id], ['carrier', r.carrier], ['domain', r.domain], ['scan_prefix', r.scan_prefix], ['prob', r.prob], ['strip', r.strip], ['rewrite_host', r.rewrite_host], ['rewrite_prefix', r.rewrite_prefix], ['rewrite_suffix', r.rewrite_suffix], ['mask', r.mask], ['flags', r.flags], ['description', r.description]])}\nrun '${this.config.bin} cr reload' to load it into the running server`;
  }
}

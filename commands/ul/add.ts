import { Args, Flags } from '@oclif/core';
import { RpcCommand, ulTableFlag } from '../../src/cli/rpc-command.js';
import { parseExpires, parseQ, qualifyAor, ulAdd, type UlAddResult as UlAdd } from '../../src/ctl/usrloc.js';

export type UlAddResult = UlAdd;

export default class UlAddCommand extends RpcCommand<typeof UlAddCommand, UlAddResult> {
  static override summary = 'Add a contact to an AoR in the server\'s location table (kamctl ul add, ul.add).';
  static override description = `EXPIRES is in seconds; 0 (the default) makes the contact permanent. Q defaults to DEFAULT_Q (1.0). The contact lives in the server's memory (and its database if usrloc's db_mode writes there).
--json gives {table, aor, contact, expires, q}.`;
  static override examples = [
    '<%= config.bin %> ul add alice@example.com sip:alice@192.0.2.10:5060',
    '<%= config.bin %> ul add alice@example.com sip:alice@192.0.2.10:5060 3600 0.5',
    '<%= config.bin %> ul add gw sip:gw@192.0.2.1 0 1 --path "<sip:edge.example.com;lr>"',
  ];
  static override args = {
    aor: Args.string({ description: 'address of record: user or user@domain', required: true }),
    contact: Args.string({ description: 'contact URI', required: true }),
    expires: Args.string({ description: 'seconds until it expires; 0 = permanent', default: '0' }),
    q: Args.string({ description: 'q value, 0 to 1 (default DEFAULT_Q)' }),
  };
  static override flags = {
    table: ulTableFlag,
    path: Flags.string({ description: 'Path header value to store with the contact' }),
    flags: Flags.integer({ description: 'usrloc contact flags', default: 0 }),
    cflags: Flags.integer({ description: 'branch flags', default: 0 }),
    methods: Flags.integer({ description: 'bit mask of allowed methods (default: all)' }),
  };

  async run(): Promise<UlAddResult> {
    const f = this.flags;
    return ulAdd(await this.caller(), {
      table: f.table,
      aor: qualifyAor(this.args.aor, this.rc.get('SIP_DOMAIN')),
      contact: this.args.contact,
      expires: parseExpires(this.args.expires),
      q: parseQ(this.args.q ?? this.rc.get('DEFAULT_Q') ?? '1.0'),
      flags: f.flags,
      cflags: f.cflags,
      ...(f.path === undefined ? {} : { path: f.path }),
      ...(f.methods === undefined ? {} : { methods: f.methods }),
    });
  }

  protected render(r: UlAddResult): string {
    return `${r.contact} added to ${r.aor} (${r.expires === 0 ? 'permanent' : `expires in ${String(r.expires)} s`}, q=${String(r.q)})`;
  }
}

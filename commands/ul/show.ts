import { Args, Flags } from '@oclif/core';
import { RpcCommand, ulTableFlag } from '../../src/cli/rpc-command.js';
import { qualifyAor, ulShow, type UlShowResult as UlShow } from '../../src/ctl/usrloc.js';
import { renderUlShow } from '../../src/ctl/usrloc-view.js';

export type UlShowResult = UlShow;

export default class UlShowCommand extends RpcCommand<typeof UlShowCommand, UlShowResult> {
  static override summary = 'Show registered contacts: all of them, only the AoRs (--brief), or one AoR (kamctl ul show).';
  static override description = `Without an AoR, ul.dump lists every AoR and contact in memory; --brief (ul.dump brief) only the AoRs. With an AoR, ul.lookup shows its contacts; an AoR without @domain gets @SIP_DOMAIN when that is set (as kamctl does), and is used as is otherwise (usrloc with use_domain=0).
--json gives {mode: "all"|"aor", records: [{table, aor, contacts: [{address, expires, q, callId, cseq, userAgent, received, path, state, flags, cflags, socket, methods, ruid, instance, regId, lastModified}]}]} or {mode: "brief", aors: [{table, aor}]}. An unknown AoR is E_NOT_FOUND (exit 21).`;
  static override examples = ['<%= config.bin %> ul show', '<%= config.bin %> ul show --brief', '<%= config.bin %> ul show alice@example.com', '<%= config.bin %> ul show alice --json | jq \'.records[0].contacts[].address\''];
  static override args = {
    aor: Args.string({ description: 'address of record: user or user@domain' }),
  };
  static override flags = {
    brief: Flags.boolean({ description: 'list the AoRs only' }),
    table: ulTableFlag,
  };

  async run(): Promise<UlShowResult> {
    const aor = this.args.aor === undefined ? undefined : qualifyAor(this.args.aor, this.rc.get('SIP_DOMAIN'));
    return ulShow(await this.caller(), { aor, brief: this.flags.brief, table: this.flags.table });
  }

  protected render(r: UlShowResult): string {
    return renderUlShow(r);
  }
}

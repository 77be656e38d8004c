import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { addDialplanRule, dialplanEntry, type DialplanRow } from '../../src/db/repos/dialplan.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type DialplanAddruleResult = DialplanRow;

export default class DialplanAddrule extends ProvisionCommand<typeof DialplanAddrule, DialplanAddruleResult> {
  static override summary = 'Add a dialplan rule (kamctl dialplan addrule).';
  static override description = `match_op is equal, regexp or fnmatch (stored as 0, 1, 2). The regular expressions are compiled before the insert, as the dialplan module compiles them at load time (a rule that does not compile is dropped there with only a log line): match_exp when match_op is regexp, and subst_exp; repl_exp may refer to \\0 … \\9 only as far as subst_exp has groups. PCRE-only syntax that cannot be checked here (possessive quantifiers, atomic groups, inline options, \\A \\z, POSIX classes such as [[:digit:]]) is refused with a message naming it.
Defaults as kamctl: match_len 0, empty subst_exp, repl_exp and attrs. Run sipctl dialplan reload afterwards.`;
  static override examples = [
    '<%= config.bin %> dialplan addrule 1 10 regexp "^00([1-9][0-9]+)$" 0 "^00(.*)$" "+\\1"',
    '<%= config.bin %> dialplan addrule 2 1 equal 112 0 "" "sip:sos@192.0.2.1"',
  ];
  static override args = {
    dpid: Args.string({ required: true, description: 'dialplan id' }),
    pr: Args.string({ required: true, description: 'priority; lower matches first' }),
    match_op: Args.string({ required: true, description: 'equal | regexp | fnmatch' }),
    match_exp: Args.string({ required: true, description: 'what the input must match' }),
    match_len: Args.string({ description: 'input length to match, 0 for any (default 0)' }),
    subst_exp: Args.string({ description: 'regular expression whose groups repl_exp uses' }),
    repl_exp: Args.string({ description: 'replacement, with \\1 … \\9' }),
    attrs: Args.string({ description: 'attributes returned to the script' }),
  };

  async run(): Promise<DialplanAddruleResult> {
    const a = this.args;
    const entry = dialplanEntry({
      dpid: parseInteger(a.dpid, { what: 'dpid' }),
      pr: parseInteger(a.pr, { what: 'priority' }),
      matchOp: a.match_op,
      matchExp: a.match_exp,
      matchLen: a.match_len === undefined ? undefined : parseInteger(a.match_len, { min: 0, what: 'match_len' }),
      substExp: a.subst_exp,
      replExp: a.repl_exp,
      attrs: a.attrs,
    });
    return withDb(this.db, 'rw', (db) => addDialplanRule(db, entry));
  }

  protected text(r: DialplanAddruleResult): string {
    return `${keyValues([['id', r.id], ['dpid', r.dpid], ['pr', r.pr], ['match_op', r.match_op], ['match_exp', r.match_exp], ['match_len', r.match_len], ['subst_exp', r.subst_exp], ['repl_exp', r.repl_exp], ['attrs', r.attrs]])}\nrun '${this.config.bin} dialplan reload' to load it into the running server`;
  }
}

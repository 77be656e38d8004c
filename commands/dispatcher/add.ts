import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { addDispatcher, dispatcherEntry, type DispatcherRow } from '../../src/db/repos/dispatcher.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type DispatcherAddResult = DispatcherRow;

export default class DispatcherAdd extends ProvisionCommand<typeof DispatcherAdd, DispatcherAddResult> {
  static override summary = 'Add a destination to a dispatcher set (kamctl dispatcher add / addgw).';
  static override description = `The destination is a SIP URI, sip:host[:port][;transport=udp|tcp|tls|sctp|ws|wss]; it is parsed before the insert. attrs are name=value pairs separated by ";" (weight=50;duid=gw1). Defaults as kamctl: flags 0, priority 0, empty attrs and description.
The same destination twice in one set is an error with exit code 20. Run sipctl dispatcher reload afterwards.`;
  static override aliases = ['dispatcher:addgw'];
  static override examples = [
    '<%= config.bin %> dispatcher add 1 sip:192.0.2.30:5060',
    '<%= config.bin %> dispatcher add 2 "sip:gw.example.com;transport=tcp" 0 10 "weight=50;duid=gw1" "carrier A"',
  ];
  static override args = {
    setid: Args.string({ required: true, description: 'set number' }),
    destination: Args.string({ required: true, description: 'SIP URI of the destination' }),
    flags: Args.string({ description: 'dispatcher flags (1 inactive, 2 probing, …); default 0' }),
    priority: Args.string({ description: 'priority within the set; default 0' }),
    attrs: Args.string({ description: 'attributes, name=value;…' }),
    description: Args.string({ description: 'free text' }),
  };

  async run(): Promise<DispatcherAddResult> {
    const a = this.args;
    const entry = dispatcherEntry({
      setid: parseInteger(a.setid, { what: 'setid' }),
      destination: a.destination,
      flags: a.flags === undefined ? 0 : parseInteger(a.flags, { what: 'flags' }),
      priority: a.priority === undefined ? 0 : parseInteger(a.priority, { what: 'priority' }),
      attrs: a.attrs ?? '',
      description: a.description ?? '',
    });
    return withDb(this.db, 'rw', (db) => addDispatcher(db, entry));
  }

  protected text(r: DispatcherAddResult): string {
    return `${keyValues([['id', r.id], ['setid', r.setid], ['destination', r.destination], ['flags', r.flags], ['priority', r.priority], ['attrs', r.attrs], ['description', r.description]])}\nrun '${this.config.bin} dispatcher reload' to load it into the running server`;
  }
}

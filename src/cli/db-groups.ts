/** Which schema modules db create installs: the standard group, then the optional groups by flag, rc key or question. */
import { Flags } from '@oclif/core';
import type { SchemaModule } from '../../schema/types.js';
import type { RcConfig } from '../config/rc-load.js';
import { modulesByName } from '../db/tables.js';
import type { Prompter } from './prompt.js';

export const groupFlags = {
  presence: Flags.boolean({ allowNo: true, description: 'create the presence tables (rc: INSTALL_PRESENCE_TABLES)' }),
  extra: Flags.boolean({ allowNo: true, description: 'create the extra tables (rc: INSTALL_EXTRA_TABLES)' }),
  uid: Flags.boolean({ allowNo: true, description: 'create the uid tables (rc: INSTALL_DBUID_TABLES)' }),
  all: Flags.boolean({ description: 'create every group: standard, presence, extra and uid' }),
};

const OPTIONAL = [
  { flag: 'presence', rcKey: 'INSTALL_PRESENCE_TABLES', modulesKey: 'PRESENCE_MODULES', question: 'Create the presence related tables?' },
  { flag: 'extra', rcKey: 'INSTALL_EXTRA_TABLES', modulesKey: 'EXTRA_MODULES', question: 'Create the extra tables (carrierroute, drouting, htable, uac …)?' },
  { flag: 'uid', rcKey: 'INSTALL_DBUID_TABLES', modulesKey: 'UID_MODULES', question: 'Create the uid tables?' },
] as const;

export async function chooseModules(rc: RcConfig, flags: Readonly<Record<string, unknown>>, prompter: Prompter): Promise<SchemaModule[]> {
  const modules = modulesByName(rc.list('STANDARD_MODULES'), 'STANDARD_MODULES');
  for (const g of OPTIONAL) {
    const flag = flags[g.flag];
    let want: boolean;
    if (typeof flag === 'boolean') want = flag;
    else if (flags['all'] === true) want = true;
    else {
      const rcValue = rc.ask(g.rcKey);
      want =
        rcValue === 'ask'
          ? await prompter.confirm({ message: g.question, answeredBy: `--${g.flag}, --no-${g.flag}, --all or --yes (rc: ${g.rcKey})` })
          : rcValue === 'yes';
    }
    if (want) modules.push(...modulesByName(rc.list(g.modulesKey), g.modulesKey));
  }
  return modules;
}

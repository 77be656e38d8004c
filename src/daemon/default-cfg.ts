import fs from 'node:fs';
import { templatePath } from '../paths.js';

/** The script sipd runs when -f is not given: /etc/sipd/sipd.cfg, else the packaged default. */
export function defaultCfgFile(): string {
  const etc = '/etc/sipd/sipd.cfg';
  return fs.existsSync(etc) ? etc : templatePath('sipd.cfg');
}

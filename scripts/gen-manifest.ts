/**
 * Writes oclif.manifest.json, so that sipctl finds a command without loading every
 * command file (the difference is most of a command's start-up time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Plugin } from '@oclif/core';
import { PACKAGE_ROOT } from '../src/paths.js';

const plugin = new Plugin({ root: PACKAGE_ROOT, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
fs.writeFileSync(path.join(PACKAGE_ROOT, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`);

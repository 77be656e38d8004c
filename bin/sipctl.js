#!/usr/bin/env node
// oclif checks the Node.js version against package.json's engines on every start, which loads
// semver (about 5 ms); npm already checks engines at install.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';
await import('../dist/cli/main.js');

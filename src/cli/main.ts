/**
 * sipctl's entry point. The build bundles it with the command files (scripts/bundle-cli.ts),
 * so a command loads one entry, its own chunk and the shared ones instead of some two hundred
 * module files.
 */
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });

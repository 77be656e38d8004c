/** Regenerates templates/sipctlrc and README's generated sections (npm run gen:docs). */
import fs from 'node:fs';
import { README, RC_TEMPLATE, renderRcTemplate, renderReadme } from './docs.js';

fs.writeFileSync(RC_TEMPLATE, renderRcTemplate());
fs.writeFileSync(README, renderReadme(fs.readFileSync(README, 'utf8')));

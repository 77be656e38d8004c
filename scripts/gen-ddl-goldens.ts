/** Rewrites test/fixtures/ddl/ from the schema; review the diff before committing it. */
import fs from 'node:fs';
import path from 'node:path';
import { DDL_DIR, renderDdlGoldens } from './ddl-goldens.js';

for (const [file, sql] of await renderDdlGoldens()) {
  fs.mkdirSync(path.dirname(path.join(DDL_DIR, file)), { recursive: true });
  fs.writeFileSync(path.join(DDL_DIR, file), sql);
}

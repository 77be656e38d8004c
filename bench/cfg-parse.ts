/**
 * Parse time of the stock kamailio.cfg (with no define and with every WITH_* define):
 * `node dist/bench/cfg-parse.js [file] [iterations]`.
 */
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/cfg/parse-config.js';

const file = process.argv[2] ?? '/etc/kamailio/kamailio.cfg';
const iterations = Number(process.argv[3] ?? '200');
const every = [
  'WITH_MYSQL', 'WITH_AUTH', 'WITH_IPAUTH', 'WITH_USRLOCDB', 'WITH_PRESENCE', 'WITH_NAT', 'WITH_PSTN', 'WITH_ALIASDB',
  'WITH_SPEEDDIAL', 'WITH_MULTIDOMAIN', 'WITH_TLS', 'WITH_JSONRPC', 'WITH_ANTIFLOOD', 'WITH_VOICEMAIL', 'WITH_ACCDB', 'WITH_DEBUG',
];

for (const [label, defines] of [['no defines', []], ['every WITH_* define', every]] as const) {
  for (let k = 0; k < 20; k++) parseConfig(file, { defines });
  const start = performance.now();
  for (let k = 0; k < iterations; k++) parseConfig(file, { defines });
  const ms = (performance.now() - start) / iterations;
  console.log(`${file} (${label}): ${ms.toFixed(3)} ms per parse, ${String(iterations)} runs`);
}

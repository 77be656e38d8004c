import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadRc } from '../../../src/config/rc-load.js';
import { AppError } from '../../../src/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-rc-'));
const home = path.join(dir, 'home');
const cwd = path.join(dir, 'cwd');
fs.mkdirSync(home);
fs.mkdirSync(cwd);
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  fs.writeFileSync(file, text);
  return file;
}

describe('loadRc', () => {
  it('uses the defaults with no file, no environment and no flags', () => {
    const rc = loadRc({ env: {}, home, cwd });
    assert.deepEqual(rc.files, []);
    assert.equal(rc.get('DBENGINE'), 'SQLITE');
    assert.equal(rc.get('DBROOTUSER'), 'root');
    assert.equal(rc.entry('DBENGINE')?.source.kind, 'default');
    assert.equal(rc.bool('STORE_PLAINTEXT_PW'), false);
  });

  it('reads ~/.sipctlrc then ./sipctlrc, the later overriding the earlier key by key', () => {
    write(path.join(home, '.sipctlrc'), 'DBENGINE=PGSQL\nDBNAME=fromhome\n');
    write(path.join(cwd, 'sipctlrc'), 'DBNAME=fromcwd\n');
    try {
      const rc = loadRc({ env: {}, home, cwd });
      assert.deepEqual(rc.files, [path.join(home, '.sipctlrc'), path.join(cwd, 'sipctlrc')]);
      assert.equal(rc.get('DBENGINE'), 'PGSQL');
      assert.equal(rc.get('DBNAME'), 'fromcwd');
      assert.deepEqual(rc.entry('DBNAME')?.source, { kind: 'file', file: path.join(cwd, 'sipctlrc'), line: 1 });
      // A default that depends on another key follows it.
      assert.equal(rc.get('DBROOTUSER'), 'postgres');
    } finally {
      fs.rmSync(path.join(home, '.sipctlrc'));
      fs.rmSync(path.join(cwd, 'sipctlrc'));
    }
  });

  it('reads only the file named by --rc or SIPCTLRC', () => {
    write(path.join(cwd, 'sipctlrc'), 'DBNAME=ignored\n');
    const named = write(path.join(dir, 'named'), 'DBNAME=named\n');
    try {
      assert.equal(loadRc({ rcFile: named, env: {}, home, cwd }).get('DBNAME'), 'named');
      const viaEnv = loadRc({ env: { SIPCTLRC: named }, home, cwd });
      assert.deepEqual(viaEnv.files, [named]);
    } finally {
      fs.rmSync(path.join(cwd, 'sipctlrc'));
    }
  });

  it('lets the environment override files and flags override both', () => {
    const named = write(path.join(dir, 'prec'), 'DBHOST=file\nDBNAME=file\nDBPORT=1\n');
    const rc = loadRc({ rcFile: named, env: { DBNAME: 'env', DBPORT: '2' }, home, cwd, overrides: { DBPORT: '3' } });
    assert.equal(rc.get('DBHOST'), 'file');
    assert.equal(rc.get('DBNAME'), 'env');
    assert.equal(rc.int('DBPORT'), 3);
    assert.equal(rc.entry('DBPORT')?.source.kind, 'flag');
  });

  it('keeps keys it does not know, marked unknown, and masks secrets by key', () => {
    const named = write(path.join(dir, 'unknown'), 'MYSQL=/usr/bin/mysql\nDBRWPW=secret\n');
    const rc = loadRc({ rcFile: named, env: {}, home, cwd });
    const unknown = rc.all().find((e) => e.key === 'MYSQL');
    assert.equal(unknown?.known, false);
    assert.equal(rc.all().find((e) => e.key === 'DBRWPW')?.secret, true);
  });

  it('fails on a missing named file and on values of the wrong form', () => {
    assert.throws(() => loadRc({ rcFile: path.join(dir, 'nope'), env: {}, home, cwd }), (e: unknown) => e instanceof AppError && e.code === 'E_RC_NOT_FOUND');
    const rc = loadRc({ env: { DBPORT: 'abc', INSTALL_EXTRA_TABLES: 'maybe' }, home, cwd });
    assert.throws(() => rc.int('DBPORT'), (e: unknown) => e instanceof AppError && e.code === 'E_RC_VALUE' && /DBPORT=abc \(environment\)/.test(e.message));
    assert.throws(() => rc.ask('INSTALL_EXTRA_TABLES'), (e: unknown) => e instanceof AppError && e.code === 'E_RC_VALUE');
  });

  it('reads yes/no/ask and kamctl truth values', () => {
    const rc = loadRc({ env: { INSTALL_EXTRA_TABLES: 'YES', INSTALL_PRESENCE_TABLES: 'n', VERIFY_ACL: 'yes' }, home, cwd });
    assert.equal(rc.ask('INSTALL_EXTRA_TABLES'), 'yes');
    assert.equal(rc.ask('INSTALL_PRESENCE_TABLES'), 'no');
    assert.equal(rc.ask('INSTALL_DBUID_TABLES'), 'ask');
    assert.equal(rc.bool('VERIFY_ACL'), true);
  });
});

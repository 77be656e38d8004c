import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDbUrl, redactDbUrl } from '../../../src/db/db-url.js';
import { AppError } from '../../../src/errors.js';

describe('db_url', () => {
  it('reads the stock cfg default and a MySQL URL with a port', () => {
    const d = parseDbUrl('mysql://kamailio:kamailiorw@localhost/kamailio');
    assert.deepEqual([d.engine, d.host, d.port, d.name, d.rwUser, d.rwPassword], ['mysql', 'localhost', undefined, 'kamailio', 'kamailio', 'kamailiorw']);
    const p = parseDbUrl('mysql://u:p@127.0.0.1:3307/db');
    assert.equal(p.port, 3307);
  });

  it('reads postgres URLs, passwords as written (no percent-decoding), an IPv6 host', () => {
    const d = parseDbUrl('postgres://ro:a b%20c@[::1]:5433/kam');
    assert.deepEqual([d.engine, d.host, d.port, d.rwPassword], ['pgsql', '::1', 5433, 'a b%20c']);
    assert.equal(parseDbUrl('postgresql://u@h/x').rwPassword, '');
  });

  it('reads db_sqlite URLs: three or four slashes are an absolute path', () => {
    assert.equal(parseDbUrl('sqlite:///var/lib/k.db').path, '/var/lib/k.db');
    assert.equal(parseDbUrl('sqlite:////var/lib/k.db').path, '/var/lib/k.db');
    assert.equal(parseDbUrl('sqlite://k.db').path, 'k.db');
  });

  it('refuses what it cannot use, without showing the password', () => {
    for (const bad of ['kamailio', 'oracle://u:pw1@h/db', 'mysql://u:pw1@h', 'mysql://u:pw1@h/', 'mysql://u:pw1@h:99999/db', 'sqlite://', 'mysql://u:pw1@h:x/db']) {
      assert.throws(() => parseDbUrl(bad), (e: unknown) => e instanceof AppError && !e.message.includes('pw1'), bad);
    }
    assert.equal(redactDbUrl('mysql://u:secret@h/db'), 'mysql://u:***@h/db');
  });
});

/**
 * The base of the provisioning commands, the ones that write and read the database tables of
 * users and of routing data (subscriber, acl, alias_db, speeddial, avp, dispatcher, address,
 * trusted, dialplan, domain, mtree, cr, uacreg): database flags from DbCommand, `--quiet`, connections as kamctl makes them (writes as DBRWUSER, reads
 * as DBROUSER; one connection for both on SQLite), table names from the rc keys, identities
 * checked before use, and driver errors turned into sipctl's codes.
 */
import type { Command } from '@oclif/core';
import type { Knex } from 'knex';
import { DbCommand } from '../../cli/db-command.js';
import { quietFlag } from '../../cli/flags.js';
import { connect, dbError } from '../../db/connect.js';
import { AppError } from '../../errors.js';
import { DEFAULT_TABLES, type ProvisionTables } from '../subscriber.js';
import { parseUserDomain, type UserDomain } from '../validate/user-domain.js';

/** A driver error (it carries a code or errno), as opposed to a bug of ours. */
function isDriverError(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof AppError) return false;
  const e = err as { code?: unknown; errno?: unknown };
  return typeof e.code === 'string' || typeof e.errno === 'number';
}

/**
 * knex puts the whole statement in front of the driver's message (`insert into … - ER_…`),
 * with every bound value: hashes and passwords must not reach the terminal or --json.
 */
function withoutSql(err: Error): Error {
  const cut = err.message.lastIndexOf(' - ');
  if (cut === -1 || !/^\s*(insert|update|delete|select|with)\b/i.test(err.message)) return err;
  const copy = new Error(err.message.slice(cut + 3), { cause: err });
  const e = err as { code?: unknown; errno?: unknown };
  return Object.assign(copy, { code: e.code, errno: e.errno });
}

export abstract class ProvisionCommand<T extends typeof Command, R> extends DbCommand<T, R> {
  static override baseFlags = { ...DbCommand.baseFlags, quiet: quietFlag };

  #connections = new Map<'rw' | 'ro', Promise<Knex>>();

  /** A connection as DBRWUSER (DBROUSER for 'ro'), opened once and closed at the end. */
  protected connection(role: 'rw' | 'ro'): Promise<Knex> {
    const key = this.db.engine === 'sqlite' ? 'rw' : role;
    let c = this.#connections.get(key);
    if (c === undefined) {
      c = connect(this.db, key);
      this.#connections.set(key, c);
      const opened = c;
      this.onCleanup(async () => {
        const db = await opened.catch(() => undefined);
        await db?.destroy();
      });
    }
    return c;
  }

  protected get tables(): ProvisionTables {
    return {
      subscriber: this.rc.get('SUB_TABLE') ?? DEFAULT_TABLES.subscriber,
      grp: this.rc.get('ACL_TABLE') ?? DEFAULT_TABLES.grp,
      dbaliases: this.rc.get('DA_TABLE') ?? DEFAULT_TABLES.dbaliases,
      speedDial: this.rc.get('SD_TABLE') ?? DEFAULT_TABLES.speedDial,
      usrPreferences: this.rc.get('AVP_TABLE') ?? DEFAULT_TABLES.usrPreferences,
    };
  }

  protected get sipDomain(): string | undefined {
    return this.rc.get('SIP_DOMAIN');
  }

  /** `user`, `user@domain` or `sip:user@domain`, checked; the domain defaults to SIP_DOMAIN. */
  protected identity(field: string, text: string): UserDomain {
    return parseUserDomain(field, text, this.sipDomain);
  }

  /**
   * The positional arguments of a command with a variable number of them (strict = false),
   * after dropping a leading `subscriber` (the `sipctl add subscriber …` spelling).
   */
  protected argsBetween(min: number, max: number, usage: string, dropWord?: string): string[] {
    let list = this.positional;
    if (dropWord !== undefined && list[0] === dropWord && list.length > min) list = list.slice(1);
    if (list.length < min) throw new AppError('E_USAGE', `missing argument(s): usage: ${usage}`);
    if (list.length > max) throw new AppError('E_USAGE', `unexpected argument(s) ${list.slice(max).map((a) => JSON.stringify(a)).join(' ')}: usage: ${usage}`);
    return list;
  }

  protected get quiet(): boolean {
    return this.flagValues()['quiet'] === true;
  }

  /** The human text of a result; `--quiet` suppresses it. */
  protected abstract text(result: R): string;

  protected render(result: R): string {
    return this.quiet ? '' : this.text(result);
  }

  protected override catch(err: Error & { exitCode?: number }): Promise<void> {
    return super.catch(isDriverError(err) ? dbError(withoutSql(err), this.db) : err);
  }
}

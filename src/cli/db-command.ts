/** The base of commands that work on the database: database flags and settings. */
import type { Command } from '@oclif/core';
import { BaseCommand } from './base-command.js';
import { dbFlags, dbOverrides } from './flags.js';
import { dbSettings, type DbSettings } from '../db/settings.js';

export abstract class DbCommand<T extends typeof Command, R> extends BaseCommand<T, R> {
  static override baseFlags = { ...BaseCommand.baseFlags, ...dbFlags };

  /** A database named on the command line (kamdbctl's `[dbname|db_path]`). */
  protected databaseArg(): string | undefined {
    return undefined;
  }

  protected override rcOverrides(): Record<string, string | undefined> {
    const named = this.databaseArg();
    return { ...dbOverrides(this.flagValues()), ...(named === undefined ? {} : { DBNAME: named, DB_PATH: named }) };
  }

  protected get db(): DbSettings {
    return dbSettings(this.rc);
  }
}

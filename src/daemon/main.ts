/** sipd's entry point: arguments, script check, background start, signals, clean stop. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRundir } from '../config/rc-keys.js';
import { AppError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { defaultCfgFile } from './default-cfg.js';
import { parseSipdArgs, SIPD_USAGE } from './args.js';
import { reportReady, startInBackground } from './daemonize.js';
import { versionString } from './core-rpc.js';
import { removePidFile, writePidFile } from './pidfile.js';
import { SipServer } from './sip-server.js';

function packageVersion(): string {
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

function fail(err: unknown): number {
  if (err instanceof AppError) {
    process.stderr.write(`sipd: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`sipd: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}

/** Runs sipd; resolves with the exit code when it is done (in the foreground: after the stop). */
export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseSipdArgs(argv);
  } catch (err) {
    return fail(err);
  }
  const version = packageVersion();
  if (args.help) {
    process.stdout.write(`${SIPD_USAGE}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`version: ${versionString(version).trim()}\n`);
    return 0;
  }
  const cfgFile = path.resolve(args.cfgFile ?? defaultCfgFile());
  if (!args.foreground && !args.check) {
    // The child re-reads everything; its errors reach our stderr, its status is ours.
    return startInBackground(fileURLToPath(new URL('../../../bin/sipd.js', import.meta.url)), argv, 30_000);
  }
  let server: SipServer;
  try {
    server = await SipServer.load({ cfgFile, defines: args.defines, runDir: args.runDir ?? defaultRundir(), logStderr: args.logStderr || args.check, version });
  } catch (err) {
    return fail(err);
  }
  for (const w of server.warnings) server.logger.log(0, 'cfg', w.message);
  if (args.check) {
    process.stderr.write(`config file ok, exiting...\n`);
    return 0;
  }
  try {
    await server.start();
    if (args.pidFile !== undefined) writePidFile(args.pidFile);
  } catch (err) {
    await server.stop(0).catch(() => undefined);
    return fail(err);
  }
  server.logger.log(1, 'core', `sipd ${version} started, pid ${String(process.pid)}, script ${cfgFile}`);
  reportReady();
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.logger.log(1, 'core', `${signal}: stopping`);
      server.stop().then(
        () => {
          if (args.pidFile !== undefined) removePidFile(args.pidFile);
          resolve(0);
        },
        (err: unknown) => {
          if (args.pidFile !== undefined) removePidFile(args.pidFile);
          resolve(fail(err));
        },
      );
    };
    process.on('SIGTERM', () => {
      stop('SIGTERM');
    });
    process.on('SIGINT', () => {
      stop('SIGINT');
    });
    process.on('SIGHUP', () => {
      server.logger.log(1, 'core', 'SIGHUP ignored (the script is read at start; restart to change it)');
    });
    // A bug of ours must not take the server down with every call on it: log, count, go on.
    process.on('uncaughtException', (err) => {
      server.logger.log(-4, 'core', `uncaught exception: ${err.stack ?? err.message}`);
    });
    process.on('unhandledRejection', (err) => {
      server.logger.log(-4, 'core', `unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  });
}

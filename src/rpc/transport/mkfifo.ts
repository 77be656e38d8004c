/**
 * Creates a FIFO. Node has no mkfifo(), so this spawns coreutils' `mkfifo`; its argv carries
 * only the mode and a path we generated, never anything secret.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../../errors.js';

export function mkfifo(path: string, mode: number, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mkfifo', ['-m', mode.toString(8).padStart(4, '0'), '--', path], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: timeoutMs,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 1000) stderr += chunk;
    });
    child.on('error', (error) => {
      reject(new AppError('E_IO', `Cannot run mkfifo to create ${path}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new AppError('E_IO', `Cannot create the reply FIFO ${path}: ${stderr.trim() || `mkfifo ended with ${signal ?? `exit code ${code ?? '?'}`}`}`));
    });
  });
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type LockResult =
  { readonly acquired: true; release(): void } | { readonly acquired: false; readonly holderPid: number };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One `npm start` at a time per checkout. The lock file holds the owner's pid; a lock whose
 * owner died (killed without cleanup) is taken over. `wx` makes the create atomic, so two
 * starts racing cannot both win.
 */
export function acquireInstanceLock(file: string, pid = process.pid): LockResult {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(pid), { flag: 'wx' });
      return {
        acquired: true,
        release: () => {
          try {
            if (readFileSync(file, 'utf8') === String(pid)) rmSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holderPid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holderPid) && holderPid > 0 && isAlive(holderPid)) return { acquired: false, holderPid };
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock } from './instance-lock';

const lockFile = () => join(mkdtempSync(join(tmpdir(), 'lock-')), 'ledgerline.lock');

describe('acquireInstanceLock', () => {
  it('refuses a second start while the first holder lives, naming it', () => {
    const file = lockFile();
    const first = acquireInstanceLock(file);
    expect(first.acquired).toBe(true);
    expect(acquireInstanceLock(file, process.pid + 1)).toEqual({ acquired: false, holderPid: process.pid });
    if (first.acquired) first.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock left by a process that died', () => {
    const file = lockFile();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(file, String(dead));
    expect(acquireInstanceLock(file).acquired).toBe(true);
  });
});

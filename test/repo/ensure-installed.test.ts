import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

describe('installing dependencies before npm start and npm test', () => {
  it('never reinstalls into a shared node_modules that a checkout only links to', () => {
    const sandbox = mkdtempSync(join(tmpdir(), 'ensure-installed-'));
    const shared = join(sandbox, 'shared-node_modules');
    const checkout = join(sandbox, 'checkout');
    mkdirSync(shared);
    mkdirSync(join(checkout, 'local'), { recursive: true });
    writeFileSync(join(shared, '.package-lock.json'), '{}');
    writeFileSync(join(shared, 'a-package'), 'installed');
    copyFileSync(join(root, 'local/ensure-installed.cjs'), join(checkout, 'local/ensure-installed.cjs'));
    symlinkSync(shared, join(checkout, 'node_modules'));
    // A worktree checked out after the shared install: its lockfile looks newer than the install.
    writeFileSync(join(checkout, 'package-lock.json'), '{}');
    utimesSync(join(shared, '.package-lock.json'), new Date(0), new Date(0));

    const output = execFileSync('node', [join(checkout, 'local/ensure-installed.cjs')], { encoding: 'utf8' });
    expect(output).toContain('not reinstalling');
    expect(readdirSync(shared).sort()).toEqual(['.package-lock.json', 'a-package']);
  });
});

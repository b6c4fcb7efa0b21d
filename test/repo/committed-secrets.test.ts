import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azuriteAccountKey } from '../../local/emulators/azurite';

const root = resolve(__dirname, '../..');
const secretlint = join(root, 'node_modules/secretlint/bin/secretlint.js');

function scan(files: string[], cwd = root): { status: number; output: string } {
  const result = spawnSync(
    process.execPath,
    [secretlint, '--secretlintrc', join(root, '.secretlintrc.json'), '--format', 'unix', ...files],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('committed secrets', () => {
  it('the scanner catches private keys, keyed connection strings and .env files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-canary-'));
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
    const planted = {
      'ed25519.pem': String(ed25519),
      'rsa.ts': `export const k = \`${String(rsa)}\`;\n`,
      'storage.ts': `export const c = 'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${randomBytes(64).toString('base64')};';\n`,
      'cosmos.json': `{ "c": "AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=${randomBytes(64).toString('base64')};" }\n`,
      '.env': 'DATABASE_URL=anything\n',
    };
    for (const [name, content] of Object.entries(planted)) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, 'azurite.ts'), `export const c = 'AccountKey=${azuriteAccountKey};';\n`);

    const { status, output } = scan([...Object.keys(planted), 'azurite.ts'].map((f) => join(dir, f)));

    expect(status).not.toBe(0);
    for (const name of Object.keys(planted)) expect(output).toContain(join(dir, name));
    expect(output).not.toContain(join(dir, 'azurite.ts'));
  });

  it('no file in the repository holds a secret', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file !== '' && file !== 'package-lock.json' && existsSync(join(root, file)));
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((file) => /(^|\/)\.env(\.|$)/.test(file))).toEqual([]);

    const { status, output } = scan(files);

    expect(output).toBe('');
    expect(status).toBe(0);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

describe('quick start', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const firstScreen = readme.split('\n').slice(0, 25).join('\n');

  it('gives the run and test commands on the first screen', () => {
    expect(firstScreen).toMatch(/^npm start\b/m);
    expect(firstScreen).toMatch(/^npm test\b/m);
  });

  it('CI runs exactly the README test command after a clean install and, when missing, the browser it drives', () => {
    const commands = readFileSync(resolve(root, '.ci/run'), 'utf8')
      .split('\n')
      .filter(
        (line) =>
          line.trim() !== '' &&
          !line.trim().startsWith('#') &&
          !line.startsWith('set ') &&
          !line.startsWith('cd ') &&
          !line.startsWith('echo '),
      );
    expect(commands).toEqual([
      'npm ci --no-audit --no-fund',
      'if [ ! -x /usr/bin/chromium ]; then',
      '  apt-get update',
      '  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium',
      'fi',
      'npm test',
    ]);
  });
});

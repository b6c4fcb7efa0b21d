// Runs under whatever Node the machine has (Node 20 here), before the project's own Node 22
// exists: installs dependencies when node_modules is missing or older than the lockfile, so
// `npm start` and `npm test` work on a fresh clone with nothing but Node and npm.
'use strict';
const { existsSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('ledgerline: installing dependencies (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

// Runs under whatever Node the machine has (Node 20 here), before the project's own Node 22
// exists: installs dependencies when node_modules is missing or older than the lockfile, so
// `npm start` and `npm test` work on a fresh clone with nothing but Node and npm.
'use strict';
const { existsSync, lstatSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const modules = join(root, 'node_modules');
const marker = join(modules, '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
// A symlinked node_modules is another checkout's install (a git worktree sharing it): `npm ci`
// would empty the directory it points to under everyone using it. Install there, not here.
const shared = existsSync(modules) && lstatSync(modules).isSymbolicLink();
if (stale && shared) {
  console.log('ledgerline: node_modules is a link to a shared install; not reinstalling it from here');
} else if (stale) {
  console.log('ledgerline: installing dependencies (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

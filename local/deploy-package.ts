/**
 * Builds the deployment package (`npm run package`, which `azd deploy` runs): only what runs in
 * Azure. The compiled app (functions/ and shared/, never local/, test/ or bench/), host.json, a
 * package.json without scripts or dev dependencies, and the production dependencies copied from
 * node_modules as package-lock.json lists them (no network, the same versions the tests ran).
 *
 *   node --import tsx local/deploy-package.ts [outDir]     (default .deploy)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

interface LockEntry {
  readonly dev?: boolean;
  readonly optional?: boolean;
}

const projectRoot = resolve(__dirname, '..');

/** Lock entries (`node_modules/a`, `node_modules/a/node_modules/b`) the app needs at run time. */
export function productionPackages(lockFile: string): string[] {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev !== true)
    .map(([path]) => path);
}

export function buildDeployPackage(outDir: string, root = projectRoot): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(root, 'tsconfig.deploy.json'),
      '--outDir',
      join(outDir, 'dist'),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  cpSync(join(root, 'host.json'), join(outDir, 'host.json'));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, private: isPrivate, description, type, main, engines, dependencies } = manifest;
  // No scripts (nothing to run on the server) and no dev dependencies (nothing to install there).
  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name, version, private: isPrivate, description, type, main, engines, dependencies }, null, 2)}\n`,
  );
  for (const path of productionPackages(join(root, 'package-lock.json'))) {
    const source = join(root, path);
    // An optional dependency for another platform is listed but not installed.
    if (!existsSync(source)) continue;
    const nested = `${source}${sep}node_modules`;
    cpSync(source, join(outDir, path), {
      recursive: true,
      dereference: true,
      // Nested dependencies are lock entries of their own, copied only if they are production ones.
      filter: (file) => file !== nested && !file.startsWith(`${nested}${sep}`),
    });
  }
}

if (require.main === module) buildDeployPackage(resolve(process.argv[2] ?? '.deploy'));

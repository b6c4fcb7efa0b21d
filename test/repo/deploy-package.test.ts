import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { productionPackages } from '../../local/deploy-package';

const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

describe('the deploy package holds only what runs in Azure', () => {
  it('takes every production dependency and none that only development needs', () => {
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const listed = new Set(productionPackages(resolve(root, 'package-lock.json')));
    for (const name of Object.keys(manifest.dependencies)) expect(listed).toContain(`node_modules/${name}`);
    const developmentOnly = [
      'typescript',
      'tsx',
      'vitest',
      'eslint',
      'prettier',
      'azurite',
      '@vercel/cosmosdb-server',
      'oauth2-mock-server',
      'node',
      'playwright-core',
      'autocannon',
      'secretlint',
    ];
    for (const name of developmentOnly) expect(listed).not.toContain(`node_modules/${name}`);
  });

  it('compiles functions/ and shared/ only: no local tooling, tests or benches', { timeout: 120_000 }, () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      resolve(root, 'tsconfig.deploy.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    )!;
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    const ours = program
      .getSourceFiles()
      .map((file) => relative(root, file.fileName))
      .filter((file) => !file.split('/').includes('node_modules'));
    expect(ours).toContain('functions/index.ts');
    expect(ours.filter((file) => !/^(functions|shared)\//.test(file) || file.endsWith('.test.ts'))).toEqual([]);
  });

  it('is what azd deploys, and the server builds nothing', () => {
    const manifest = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(manifest.scripts.package).toBe('node --import tsx local/deploy-package.ts .deploy');
    expect(read('azure.yaml')).toMatch(/^ {4}dist: \.deploy$/m);
    expect(read('azure.yaml')).toMatch(/^ {4}remoteBuild: false$/m);
  });

  it('a Core Tools publish of the folder leaves out tests, benches, local tooling and development secrets', () => {
    const ignored = read('.funcignore')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    for (const path of [
      '/test',
      '/bench',
      '/local',
      '/dist/local',
      '/dist/test',
      '/.local-data',
      '/local.settings.json',
    ])
      expect(ignored).toContain(path);
    // Unanchored names would also drop dist/functions and node_modules/@azure/functions.
    expect(ignored.filter((line) => !line.startsWith('/') && !line.startsWith('*'))).toEqual([]);
  });
});

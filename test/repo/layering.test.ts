import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Where each relative import of a file lands, as a path from the repository root. */
function importsOf(file: string, source: string): string[] {
  return [...source.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((m) =>
    relative(root, resolve(dirname(join(root, file)), m[1]!)),
  );
}

/**
 * Imports run one way: functions/ (registrations and the composition root) -> domains in shared/
 * -> shared/platform. The platform names no domain, and no production code imports local/.
 */
function layeringViolations(file: string, source: string): string[] {
  const below = (target: string) =>
    file.startsWith('shared/platform/')
      ? !target.startsWith('shared/platform')
      : file.startsWith('shared/')
        ? !target.startsWith('shared/')
        : target.startsWith('local/') || target === 'local';
  return importsOf(file, source)
    .filter(below)
    .map((target) => `${file} imports ${target}`);
}

describe('layering', () => {
  it('shared/platform imports no domain, shared/ imports nothing above it, nothing imports local/', () => {
    const files = ['functions', 'shared'].flatMap((folder) => sourceFiles(join(root, folder)));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((path) => {
      const file = relative(root, path);
      return layeringViolations(file, readFileSync(path, 'utf8'));
    });
    expect(found).toEqual([]);
  });

  it('notices an import that runs up the layers', () => {
    expect(layeringViolations('shared/platform/x.ts', "import { a } from '../identity/sessions';")).toEqual([
      'shared/platform/x.ts imports shared/identity/sessions',
    ]);
    expect(layeringViolations('shared/ledger/x.ts', "import { b } from '../../functions/app-services';")).toHaveLength(
      1,
    );
    expect(layeringViolations('functions/x.ts', "import { c } from '../local/start';")).toHaveLength(1);
    expect(layeringViolations('shared/ledger/x.ts', "import type { D } from '../platform/actor';")).toEqual([]);
    expect(layeringViolations('functions/x.ts', "import { e } from '../shared/ledger/books';")).toEqual([]);
  });
});

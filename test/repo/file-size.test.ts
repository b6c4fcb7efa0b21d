import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
/** Production code: what the deployment package compiles (functions/ and shared/), tests aside. */
const productionFolders = ['functions', 'shared'];
const maxProductionLines = 250;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function oversized(files: ReadonlyArray<{ path: string; text: string }>): string[] {
  return files
    .map(({ path, text }) => ({ path, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }))
    .filter(({ lines }) => lines > maxProductionLines)
    .map(({ path, lines }) => `${path}: ${lines} lines`);
}

describe('production files', () => {
  it(`stay at or under ${maxProductionLines} lines: a longer file is usually two things`, () => {
    const files = productionFolders.flatMap((folder) => sourceFiles(join(root, folder)));
    expect(files.length).toBeGreaterThan(100);
    const read = files.map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
    expect(oversized(read)).toEqual([]);
  });

  it('notices a file one line over the limit', () => {
    const text = `${Array.from({ length: maxProductionLines + 1 }, (_, i) => `const a${i} = ${i};`).join('\n')}\n`;
    expect(oversized([{ path: 'shared/big.ts', text }])).toEqual([`shared/big.ts: ${maxProductionLines + 1} lines`]);
    expect(oversized([{ path: 'shared/ok.ts', text: text.split('\n').slice(1).join('\n') }])).toEqual([]);
  });
});

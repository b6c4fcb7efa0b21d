import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Just enough reading of Bicep source to check what the templates declare, since there is no
 * Bicep compiler here: declarations, their bodies (by balanced braces; Bicep interpolation
 * `${...}` balances too) and module parameters.
 */
export const infraRoot = resolve(__dirname, '../../infra');

export interface BicepFile {
  readonly path: string;
  readonly text: string;
}

export interface Declaration {
  readonly file: string;
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly body: string;
}

export interface ModuleCall {
  readonly file: string;
  readonly symbol: string;
  readonly target: string;
  readonly body: string;
}

export function bicepFiles(dir = infraRoot): BicepFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return bicepFiles(path);
    if (!entry.name.endsWith('.bicep')) return [];
    return [{ path: relative(infraRoot, path), text: readFileSync(path, 'utf8') }];
  });
}

/** The text from the `{` at `open` to its matching `}`, inclusive. */
export function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}') depth -= 1;
    if (depth === 0) return text.slice(open, i + 1);
  }
  throw new Error(`unbalanced braces from offset ${open}`);
}

export function resources(files = bicepFiles()): Declaration[] {
  return files.flatMap((file) =>
    [...file.text.matchAll(/^resource (\w+) '([^'@]+)@([^']+)'[^\n]*?=/gm)].map((match) => ({
      file: file.path,
      symbol: match[1]!,
      type: match[2]!,
      apiVersion: match[3]!,
      body: balanced(file.text, file.text.indexOf('{', match.index + match[0].length)),
    })),
  );
}

export function moduleCalls(files = bicepFiles()): ModuleCall[] {
  return files.flatMap((file) =>
    [...file.text.matchAll(/^module (\w+) '([^']+)'[^\n]*?=/gm)].map((match) => ({
      file: file.path,
      symbol: match[1]!,
      target: join(dirname(file.path), match[2]!),
      body: balanced(file.text, file.text.indexOf('{', match.index + match[0].length)),
    })),
  );
}

/** A file's parameters, with whether each has a default. */
export function parameters(file: BicepFile): Map<string, { required: boolean }> {
  return new Map(
    [...file.text.matchAll(/^param (\w+) [^\n=]+?(\s*=\s*[^\n]+)?$/gm)].map((m) => [m[1]!, { required: !m[2] }]),
  );
}

export function outputs(file: BicepFile): Set<string> {
  return new Set([...file.text.matchAll(/^output (\w+) /gm)].map((m) => m[1]!));
}

/** Top-level keys of the object literal that follows `key:` in a body. */
export function objectKeys(body: string, key: string): string[] {
  const at = new RegExp(`\\b${key}: \\{`).exec(body);
  if (!at) return [];
  const inner = balanced(body, body.indexOf('{', at.index)).slice(1, -1);
  const keys: string[] = [];
  let depth = 0;
  let entryStart = true;
  for (let i = 0; i < inner.length; i += 1) {
    const c = inner[i]!;
    if (depth === 0 && entryStart) {
      const key = /^\s*'?([\w-]+)'?\s*:/.exec(inner.slice(i));
      if (key) keys.push(key[1]!);
      entryStart = false;
    }
    if ('{[('.includes(c)) depth += 1;
    if ('}])'.includes(c)) depth -= 1;
    if (depth === 0 && (c === ',' || c === '\n')) entryStart = true;
  }
  return keys;
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRegistry, installFunctionsCore, type AppRegistry } from './functions-core';

/** The entry file the real host would load: package.json `main`, relative to the app root. */
export function entryFileOf(appRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { main?: string };
  if (!pkg.main) throw new Error(`${appRoot}/package.json has no "main": the host cannot find the app`);
  return resolve(appRoot, pkg.main);
}

/**
 * Loads an app's entry file with our functions-core in place and returns everything it
 * registered. A process loads one app: `@azure/functions` keeps its programming model per process.
 */
export function loadApp(entryFile: string): AppRegistry {
  const registry = createRegistry();
  installFunctionsCore(registry);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(resolve(entryFile));
  if (registry.functions.size > 0 && !registry.programmingModel) {
    throw new Error('the app registered functions but no programming model: is @azure/functions v4 installed?');
  }
  return registry;
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRegistry, installFunctionsCore, type AppRegistry, type BindingMetadata } from './functions-core';

/** The entry file the real host would load: package.json `main`, relative to the app root. */
export function entryFileOf(appRoot: string): string {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { main?: string };
  if (!pkg.main) throw new Error(`${appRoot}/package.json has no "main": the host cannot find the app`);
  if (/[*?[\]{}]/.test(pkg.main))
    throw new Error(`package.json "main" is a glob (${pkg.main}); the local host loads one entry file`);
  return resolve(appRoot, pkg.main);
}

/**
 * Loads an app's entry file with our functions-core in place and returns everything it
 * registered. A process loads one app: `@azure/functions` keeps its programming model per process.
 * An error while loading stops the app, as it does under the worker; its message is kept.
 */
export function loadApp(entryFile: string): AppRegistry {
  const registry = createRegistry();
  installFunctionsCore(registry);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(resolve(entryFile));
  } catch (error) {
    throw new Error(
      `the app failed to load (${entryFile}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (registry.functions.size > 0 && !registry.programmingModel) {
    throw new Error('the app registered functions but no programming model: is @azure/functions v4 installed?');
  }
  return registry;
}

export interface RegistrationSummary {
  readonly name: string;
  /** The trigger binding's type: httpTrigger, queueTrigger, timerTrigger, ... */
  readonly trigger: string;
  readonly triggerBinding: BindingMetadata;
  /** Every binding other than the trigger, keyed by binding name. */
  readonly otherBindings: Readonly<Record<string, BindingMetadata>>;
}

/** Plain data about every registration, for tests and `main.ts --list`. */
export function describeRegistrations(registry: AppRegistry): {
  functions: RegistrationSummary[];
  hooks: Record<string, number>;
} {
  const functions = [...registry.functions.values()].map((fn) => ({
    name: fn.metadata.name,
    trigger: fn.trigger.type,
    triggerBinding: fn.trigger,
    otherBindings: Object.fromEntries(Object.entries(fn.metadata.bindings).filter(([name]) => name !== fn.triggerName)),
  }));
  const hooks = Object.fromEntries([...registry.hooks].map(([name, list]) => [name, list.length]));
  return { functions, hooks };
}

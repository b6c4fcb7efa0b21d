/**
 * Loads an app entry file under the local host's functions-core and prints what it registered,
 * as JSON, for tests that check registrations (run in a child process: one app per process).
 */
import { loadApp } from '../../local/host/app-loader';
import { declaredRoutes } from '../../shared/platform/http/route';

const entry = process.argv[2];
if (!entry) throw new Error('usage: list-registrations <entry file>');
const registry = loadApp(entry);
const declared = new Map(declaredRoutes().map((route) => [route.name, route]));
const functions = [...registry.functions.values()].map((fn) => {
  const route = declared.get(fn.metadata.name);
  return {
    name: fn.metadata.name,
    trigger: fn.trigger.type,
    methods: fn.trigger.methods ?? null,
    route: fn.trigger.route ?? null,
    authLevel: fn.trigger.authLevel ?? null,
    throughPipeline: route !== undefined && route.handler === fn.callback,
    access: route?.access ?? null,
  };
});
process.stdout.write(JSON.stringify({ functions, hooks: [...registry.hooks.keys()] }));

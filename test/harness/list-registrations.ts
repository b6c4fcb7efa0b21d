/**
 * Loads an app entry file under the local host's functions-core and prints what it registered,
 * as JSON, for tests that check registrations (run in a child process: one app per process).
 */
import { loadApp } from '../../local/host/app-loader';
import { declaredRoutes, type DeclaredRoute } from '../../shared/platform/http/route';

/** Uploads (a `rawBody` route) take bytes; others a zod-validated JSON body, or none. */
function bodyKind(route: DeclaredRoute | undefined): 'json' | 'raw' | null {
  if (!route) return null;
  if ('rawBody' in route && route.rawBody === true) return 'raw';
  return route.body ? 'json' : null;
}

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
    sensitive: route ? route.sensitive : null,
    body: bodyKind(route),
    lockdownExempt: route?.lockdownExempt ?? null,
  };
});
process.stdout.write(JSON.stringify({ functions, hooks: [...registry.hooks.keys()] }));

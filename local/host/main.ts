/**
 * Command line for the local function host (`node dist/local/host/main.js` or
 * `node --import tsx local/host/main.ts`):
 *   main [appRoot] [--port 7071] [--host 127.0.0.1] [--entry file] [--cors origins] [--cors-credentials]
 *                                                                     run the app
 *   main [appRoot] [--entry file] --list                              print its registrations as JSON
 * Settings come from the environment. `--cors` (comma-separated origins) and `--cors-credentials`
 * are the site's CORS settings, named as Core Tools' `func start` names them.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { entryFileOf } from './app-loader';
import { describeRegistrations, loadApp, startLocalHost } from './index';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '7071' },
      entry: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      list: { type: 'boolean', default: false },
      cors: { type: 'string' },
      'cors-credentials': { type: 'boolean', default: false },
    },
  });
  const appRoot = resolve(positionals[0] ?? process.cwd());
  if (values.list) {
    const registry = loadApp(values.entry ? resolve(appRoot, values.entry) : entryFileOf(appRoot));
    process.stdout.write(`${JSON.stringify(describeRegistrations(registry), null, 2)}\n`);
    return;
  }
  const cors = values.cors
    ? {
        allowedOrigins: values.cors
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
        supportCredentials: values['cors-credentials'],
      }
    : undefined;
  const host = await startLocalHost({
    appRoot,
    entryFile: values.entry,
    port: Number(values.port),
    host: values.host,
    ...(cors ? { cors } : {}),
  });
  console.log(`local function host listening on ${host.url} (${host.registry.functions.size} functions)`);
  const stop = () => {
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

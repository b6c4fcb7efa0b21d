/**
 * Command line for the local function host: `node dist/local/host/main.js [appRoot] [--port N]`
 * (or `node --import tsx local/host/main.ts`). Settings come from the environment.
 */
import { parseArgs } from 'node:util';
import { startLocalHost } from './index';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string', default: '7071' }, entry: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  const host = await startLocalHost({
    appRoot: positionals[0] ?? process.cwd(),
    entryFile: values.entry,
    port: Number(values.port),
    host: values.host,
  });
  console.log(`local function host listening on ${host.url} (${host.registry.functions.size} functions)`);
  const stop = () => {
    host.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

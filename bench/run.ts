/**
 * `npm run bench`: every figure the issues ask for, measured in one run on this machine against
 * the emulators and the local host (each server in its own process; the load generators run
 * here). `npm run bench -- posting reports` runs only the named sections, in this order.
 */
import { CosmosClient } from '@azure/cosmos';
import { containers } from '../shared/platform/data/containers';
import { startBenchEnvironment, type BenchEnvironment } from './bench-environment';
import { printColdLoad } from './cold-load';
import { printDataExportBench } from './data-export';
import { printEmailBench } from './email-outbox';
import { printHostOverhead } from './host-overhead';
import { measureRefreshThroughput, measureTokenVerification } from './identity';
import { measureClassification } from './items';
import { measureLedger } from './ledger';
import { printPayablesAgingBench } from './payables-aging';
import { printPortfolioBench } from './portfolio';
import { printPaymentRunBench } from './payment-runs';
import { printPostingFigures } from './posting-report';
import { printReceivablesBench } from './receivables';
import { printDailyClose, printReportFigures } from './reports';

type Section = (env: BenchEnvironment) => Promise<void> | void;

const sections: Record<string, Section> = {
  host: (env) => printHostOverhead(env.hostUrl, env.bareUrl),
  identity: async (env) => {
    const verification = await measureTokenVerification();
    console.log(
      `\nAccess-token verification (EdDSA signature + claims, no I/O): ${verification.microsecondsPerVerify} µs per request (${verification.verifiesPerSecond} verifies/s on one core)`,
    );
    const tenantData = new CosmosClient(env.cosmos).database('bench').container(containers.tenantData.name);
    const refresh = await measureRefreshThroughput(tenantData);
    console.log(
      `Refresh-token rotation against Cosmos (20 sessions in parallel, read + conditional replace each): ${refresh.rotationsPerSecond} rotations/s over ${refresh.total}`,
    );
  },
  reports: (env) => printReportFigures(env.cosmos),
  close: (env) => printDailyClose(env.cosmos, env.storageConnectionString),
  ledger: async (env) => {
    console.log('\nLedger (writing 1,010,000 lines of history into the emulator takes about a minute)...');
    const ledger = await measureLedger(env.cosmos.endpoint, env.cosmos.key, 'bench');
    console.table([
      { history: '10,000 lines, 10 closed months', ...ledger.smallHistory },
      { history: '1,000,000 lines, 10 closed months', ...ledger.largeHistory },
    ]);
    console.log(
      `Trial balance documents read, 1M vs 10k history: ${(ledger.largeHistory.documentsRead / ledger.smallHistory.documentsRead).toFixed(2)}x (the emulator's time still grows: it filters every entry of the organisation by date, where Cosmos uses its range index)`,
    );
  },
  posting: async (env) =>
    printPostingFigures({
      apiUrl: env.hostUrl,
      cosmos: env.cosmos,
      slowCosmos: await env.slowCosmos(),
      signingKeys: env.secrets.TOKEN_SIGNING_KEYS,
    }),
  email: (env) =>
    printEmailBench({ cosmos: env.cosmos, storageConnectionString: env.storageConnectionString, secrets: env.secrets }),
  export: (env) => printDataExportBench({ cosmos: env.cosmos, storageConnectionString: env.storageConnectionString }),
  items: async (env) => {
    const classified = await measureClassification({
      cosmos: env.cosmos,
      storage: env.storageConnectionString,
      secrets: env.secrets,
    });
    console.log(
      `\nItems classified through the queue and the Anthropic stand-in (the real app, host.json queue settings): ${classified.itemsPerSecond} items/s (${classified.items} items in ${classified.seconds} s, ${classified.requestsToAnthropic} requests to the stand-in)`,
    );
  },
  portfolio: (env) => printPortfolioBench(env.cosmos),
  'payment-runs': (env) =>
    printPaymentRunBench({ cosmos: env.cosmos, storageConnectionString: env.storageConnectionString }),
  payables: (env) => printPayablesAgingBench(env.cosmos),
  receivables: (env) =>
    printReceivablesBench({ cosmos: env.cosmos, storageConnectionString: env.storageConnectionString }),
  'cold-load': () => printColdLoad(5),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in sections));
  if (unknown.length > 0)
    throw new Error(`No bench section ${unknown.join(', ')}; the sections are ${Object.keys(sections).join(', ')}`);
  const env = await startBenchEnvironment();
  try {
    for (const [name, run] of Object.entries(sections))
      if (wanted.length === 0 || wanted.includes(name)) await run(env);
  } finally {
    await env.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

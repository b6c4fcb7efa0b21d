import { measure, printTable, type LoadResult } from './load';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** The local host's overhead against a bare Node http server doing the same work. */
export async function printHostOverhead(hostUrl: string, bareUrl: string): Promise<void> {
  const load = (label: string, url: string) => measure(label, url, { connections, seconds });
  const results: LoadResult[] = [];
  results.push(await load('local host  GET /api/health', `${hostUrl}/api/health`));
  results.push(await load('bare http   GET /api/health', `${bareUrl}/api/health`));
  results.push(await load('local host  point read', `${hostUrl}/api/bench/accounts/account-1000`));
  results.push(await load('bare http   point read', `${bareUrl}/api/bench/accounts/account-1000`));

  printTable(
    `HTTP (${connections} connections, ${seconds}s each after a 1s warm-up; emulators on this machine)`,
    results,
  );
  const [hostHealth, bareHealth, hostRead, bareRead] = results as [LoadResult, LoadResult, LoadResult, LoadResult];
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  const ratios = (route: string, host: LoadResult, bare: LoadResult) => ({
    route,
    'req/s ratio': ratio(host.requestsPerSecond, bare.requestsPerSecond),
    'solo p50 ratio': ratio(host.soloP50Ms, bare.soloP50Ms),
    'solo p99 ratio': ratio(host.soloP99Ms, bare.soloP99Ms),
    'loaded p99 ratio': ratio(host.p99Ms, bare.p99Ms),
  });
  console.log('Host overhead (local host / bare server):');
  console.table([ratios('GET /api/health', hostHealth, bareHealth), ratios('point read', hostRead, bareRead)]);
  if (results.some((r) => r.non2xx > 0 || r.errors > 0))
    console.log('WARNING: some requests failed; the figures above are not comparable.');
}

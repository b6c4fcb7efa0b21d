import autocannon from 'autocannon';
import { Agent, request } from 'node:http';

export interface LoadResult {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Latency of one request at a time (no queueing), to 0.01 ms: autocannon's histogram is 1 ms coarse. */
  readonly soloP50Ms: number;
  readonly soloP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Drives one URL with a fixed number of connections for a fixed time, after a short warm-up. */
export async function measure(
  label: string,
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const connections = options.connections ?? 10;
  const headers = options.headers ?? {};
  await autocannon({ url, connections, duration: 1, headers });
  const result = await autocannon({ url, connections, duration: options.seconds ?? 5, headers });
  const solo = await sequentialLatencies(url, 1_000);
  return {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    soloP50Ms: percentile(solo, 0.5),
    soloP99Ms: percentile(solo, 0.99),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 100) / 100;
}

async function sequentialLatencies(url: string, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      request(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(performance.now() - started));
      })
        .on('error', reject)
        .end();
    });
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) samples.push(await once());
  agent.destroy();
  return samples.sort((a, b) => a - b);
}

export function printTable(title: string, rows: readonly LoadResult[]): void {
  console.log(`\n${title}`);
  console.table(
    rows.map((row) => ({
      target: row.label,
      'req/s': row.requestsPerSecond,
      'p50 ms': row.p50Ms,
      'p99 ms': row.p99Ms,
      'solo p50 ms': row.soloP50Ms,
      'solo p99 ms': row.soloP99Ms,
      'non-2xx': row.non2xx,
      errors: row.errors,
    })),
  );
}

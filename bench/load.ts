import autocannon from 'autocannon';

export interface LoadResult {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
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
  return {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export function printTable(title: string, rows: readonly LoadResult[]): void {
  console.log(`\n${title}`);
  console.table(
    rows.map((row) => ({
      target: row.label,
      'req/s': row.requestsPerSecond,
      'p50 ms': row.p50Ms,
      'p99 ms': row.p99Ms,
      'non-2xx': row.non2xx,
      errors: row.errors,
    })),
  );
}

/**
 * Health of each dependency, reported without secrets: a name, up/down, how long the probe
 * took and, when down, a short reason that never echoes a connection string or key.
 */
export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly reason?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checkedAt: string;
  readonly dependencies: Readonly<Record<string, DependencyStatus>>;
}

export type Probe = () => Promise<void>;

const probeTimeoutMs = 3_000;

export async function checkHealth(
  probes: Readonly<Record<string, Probe>>,
  now: () => Date = () => new Date(),
): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => [name, await runProbe(probe)] as const),
  );
  const dependencies = Object.fromEntries(entries);
  const allUp = entries.every(([, result]) => result.status === 'up');
  return { status: allUp ? 'ok' : 'degraded', checkedAt: now().toISOString(), dependencies };
}

async function runProbe(probe: Probe): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), probeTimeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: elapsed(started) };
  } catch (error) {
    return { status: 'down', latencyMs: elapsed(started), reason: describeFailure(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** Only a status code or error code: SDK messages can quote URLs with SAS tokens. */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.message === 'timed out') return 'timed out';
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') return `status ${statusCode}`;
  if (typeof code === 'string' && /^[A-Za-z_]+$/.test(code)) return code;
  return 'unreachable';
}

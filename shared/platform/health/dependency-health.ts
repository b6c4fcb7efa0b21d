import { z } from 'zod';

/**
 * Health of each dependency, reported without secrets: a name, up/down, how long the probe
 * took and, when down, a short reason that never echoes a connection string or key.
 */
const dependencyStatus = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  reason: z.string().optional(),
});
export type DependencyStatus = z.infer<typeof dependencyStatus>;

export const healthReport = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checkedAt: z.string(),
    dependencies: z.record(z.string(), dependencyStatus),
  })
  .meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof healthReport>;

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

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The host.json settings the local host honours, with the real host's defaults. */
export interface HostConfig {
  readonly routePrefix: string;
  readonly queues: {
    readonly batchSize: number;
    readonly newBatchThreshold: number;
    readonly maxPollingIntervalMs: number;
    readonly visibilityTimeoutMs: number;
    readonly maxDequeueCount: number;
    readonly messageEncoding: 'base64' | 'none';
  };
}

interface HostJson {
  extensions?: {
    http?: { routePrefix?: string };
    queues?: {
      batchSize?: number;
      newBatchThreshold?: number;
      maxPollingInterval?: string | number;
      visibilityTimeout?: string | number;
      maxDequeueCount?: number;
      messageEncoding?: string;
    };
  };
}

/** host.json durations are TimeSpan strings ("00:00:02", "1.00:00:00") or milliseconds. */
export function parseTimeSpan(value: string | number | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === 'number') return value;
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(value.trim());
  if (!match) throw new Error(`host.json: "${value}" is not a TimeSpan like 00:00:30`);
  const [, days, hours, minutes, seconds, fraction] = match;
  const ms = Number(`0.${fraction ?? '0'}`) * 1000;
  return ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + ms;
}

export function readHostConfig(appRoot: string): HostConfig {
  const file = join(appRoot, 'host.json');
  const json: HostJson = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HostJson) : {};
  const queues = json.extensions?.queues ?? {};
  const batchSize = queues.batchSize ?? 16;
  return {
    routePrefix: (json.extensions?.http?.routePrefix ?? 'api').replace(/^\/+|\/+$/g, ''),
    queues: {
      batchSize,
      newBatchThreshold: queues.newBatchThreshold ?? Math.floor(batchSize / 2),
      maxPollingIntervalMs: parseTimeSpan(queues.maxPollingInterval, 60_000),
      visibilityTimeoutMs: parseTimeSpan(queues.visibilityTimeout, 0),
      maxDequeueCount: queues.maxDequeueCount ?? 5,
      messageEncoding: queues.messageEncoding === 'none' ? 'none' : 'base64',
    },
  };
}

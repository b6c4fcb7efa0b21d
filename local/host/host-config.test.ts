import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimeSpan, readHostConfig } from './host-config';

describe('host.json', () => {
  it('parses TimeSpan durations', () => {
    expect(parseTimeSpan('00:00:30', 0)).toBe(30_000);
    expect(parseTimeSpan('00:00:00.200', 0)).toBe(200);
    expect(parseTimeSpan('1.02:00:00', 0)).toBe(26 * 3_600_000);
    expect(parseTimeSpan(undefined, 5)).toBe(5);
    expect(() => parseTimeSpan('thirty seconds', 0)).toThrow(/TimeSpan/);
  });

  it("applies the real host's defaults where host.json is silent", () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-json-'));
    writeFileSync(join(dir, 'host.json'), JSON.stringify({ version: '2.0' }));
    expect(readHostConfig(dir)).toEqual({
      routePrefix: 'api',
      queues: {
        batchSize: 16,
        newBatchThreshold: 8,
        maxPollingIntervalMs: 60_000,
        visibilityTimeoutMs: 0,
        maxDequeueCount: 5,
        messageEncoding: 'base64',
      },
    });
  });

  it("reads the project's host.json", () => {
    expect(readHostConfig(join(__dirname, '../..')).queues.maxDequeueCount).toBe(5);
  });
});

import { expect } from 'vitest';
import type { Probe } from './route-case';

/**
 * A restricted member (F1 + D1) and A's untagged records, which belong to the whole organisation:
 * by id they are not found (404, writes too), lists hold only F1 records (a record with lines:
 * every line), and adding an untagged record or changing organisation-wide settings is refused
 * with one of `writeStatuses`.
 */
export function restrictedOutOfReach(writeStatuses: readonly number[]) {
  return async (probe: Probe): Promise<void> => {
    const response = await probe.send(probe.world.restricted);
    const method = probe.route.methods![0];
    const text = await response.text();
    if (probe.route.route!.includes('{id}')) expect(response.status, `a restricted member: ${text}`).toBe(404);
    else if (method === 'GET') {
      expect(response.status, text).toBe(200);
      const { items } = JSON.parse(text) as {
        items: Array<{ facility?: string | null; lines?: Array<{ facility: string | null }> }>;
      };
      for (const item of items) {
        const facilities = item.lines ? item.lines.map((l) => l.facility) : [item.facility];
        expect(
          facilities.every((f) => f === 'F1'),
          'a restricted member lists only F1 records',
        ).toBe(true);
      }
    } else expect(writeStatuses, `a restricted member adds or changes: ${text}`).toContain(response.status);
  };
}

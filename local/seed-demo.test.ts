import { describe, expect, it } from 'vitest';
import { demoDirectory } from './seed-demo';

describe('the demo directory of the local identity provider', () => {
  it('gives each Entra demo person the same tenant and object id on every start, and no two the same', () => {
    const entra = (users: ReturnType<typeof demoDirectory>) =>
      users.filter((user) => user.entra).map((user) => [user.email, user.entra!.tid, user.entra!.oid]);
    const first = entra(demoDirectory());
    expect(first.length).toBeGreaterThan(0);
    expect(entra(demoDirectory())).toEqual(first);
    expect(new Set(first.map(([, , oid]) => oid)).size).toBe(first.length);
    for (const [, tid, oid] of first) {
      expect(tid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

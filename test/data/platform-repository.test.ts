import { beforeAll, describe, expect, it } from 'vitest';
import { PlatformRepository } from '../../shared/platform/data/platform-repository';
import { DocumentChangedError, DocumentExistsError } from '../../shared/platform/errors';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

describe('platform repository', () => {
  let db: TestDatabase;
  let platform: PlatformRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = new PlatformRepository(db.containers.platform);
  });

  it('counts every one of many concurrent first hits of a window: none is lost to the create race', async () => {
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => platform.countInWindow('rate-window', 'rate-test-window-1', 60)),
    );
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = await platform.find<{ count: number; ttl: number; type: string }>('rate-test-window-1');
    expect(stored).toMatchObject({ count: 20, ttl: 120, type: 'rate-window' });
  });

  it('raises the store’s typed errors: a taken id, a document changed since it was read', async () => {
    await platform.create('pending-sign-in', 'pending-sign-in-x', { used: false }, { ttlSeconds: 600 });
    await expect(platform.create('pending-sign-in', 'pending-sign-in-x', { used: false })).rejects.toThrow(
      DocumentExistsError,
    );
    const read = await platform.find<{ used: boolean }>('pending-sign-in-x');
    await platform.replace(read!, { used: true });
    await expect(platform.replace(read!, { used: true })).rejects.toThrow(DocumentChangedError);
    expect(await platform.find('no-such-document')).toBeUndefined();
  });
});

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postingRoutes, watchedRoutes } from '../../shared/security-signals/watched-actions';
import { listRegistrations } from '../harness/registrations';

const root = resolve(__dirname, '../..');

describe('watched actions', () => {
  it('every watched and posting route is a declared route that writes, so a rename cannot quietly end the watch', () => {
    const routes = listRegistrations(join(root, 'functions/index.ts')).functions.filter(
      (f) => f.trigger === 'httpTrigger',
    );
    const writes = new Set(routes.filter((r) => r.throughPipeline && !r.methods?.includes('GET')).map((r) => r.name));
    const unknown = [...Object.keys(watchedRoutes), ...postingRoutes].filter((name) => !writes.has(name));
    expect(unknown).toEqual([]);
  });
});

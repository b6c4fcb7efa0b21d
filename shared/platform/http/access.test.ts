import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import { ForbiddenError } from '../errors';
import { authorize, levelAllows } from './access';

describe('levelAllows', () => {
  it('orders none < read < contribute < edit < admin', () => {
    expect(levelAllows('admin', 'edit')).toBe(true);
    expect(levelAllows('edit', 'edit')).toBe(true);
    expect(levelAllows('contribute', 'edit')).toBe(false);
    expect(levelAllows('read', 'contribute')).toBe(false);
    expect(levelAllows('none', 'read')).toBe(false);
    expect(levelAllows(undefined, 'read')).toBe(false);
  });
});

describe('authorize', () => {
  const principal: Principal = { tenantId: 't', memberId: 'm', kind: 'member', permissions: { ledger: 'read' } };

  it('refuses a level above the granted one', () => {
    expect(() => authorize(principal, { resource: 'ledger', level: 'edit' })).toThrow(ForbiddenError);
  });

  it('refuses a resource that was never granted', () => {
    expect(() => authorize(principal, { resource: 'banking', level: 'read' })).toThrow(ForbiddenError);
  });

  it('allows the granted level', () => {
    expect(() => authorize(principal, { resource: 'ledger', level: 'read' })).not.toThrow();
  });
});

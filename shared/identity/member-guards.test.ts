import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from '../platform/errors';
import type { Member } from './member';
import { assertPermissionChangeAllowed, assertRemovalAllowed } from './member-guards';

const admin = (id: string): Member & { id: string } => ({
  id,
  email: `${id}@x.example`,
  displayName: id,
  status: 'active',
  permissions: { members: 'admin' },
});

describe('member guards', () => {
  it('a member cannot demote themselves', () => {
    expect(() => assertPermissionChangeAllowed('a', admin('a'), { members: 'read' }, ['a', 'b'])).toThrow(
      ForbiddenError,
    );
  });

  it('nobody removes themselves', () => {
    expect(() => assertRemovalAllowed('a', admin('a'), ['a', 'b'])).toThrow(ForbiddenError);
  });

  it('the last admin cannot be demoted or removed', () => {
    expect(() => assertPermissionChangeAllowed('b', admin('a'), { members: 'edit' }, ['a'])).toThrow(ConflictError);
    expect(() => assertRemovalAllowed('b', admin('a'), ['a'])).toThrow(ConflictError);
  });

  it('another admin may demote or remove an admin while one remains', () => {
    expect(() => assertPermissionChangeAllowed('b', admin('a'), { members: 'read' }, ['a', 'b'])).not.toThrow();
    expect(() => assertRemovalAllowed('b', admin('a'), ['a', 'b'])).not.toThrow();
  });
});

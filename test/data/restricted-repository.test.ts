import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '../../shared/platform/actor';
import type { Restrictions } from '../../shared/platform/auth/restrictions';
import { randomIds, systemClock } from '../../shared/platform/clock';
import { RestrictedRepository } from '../../shared/platform/data/restricted-repository';
import { ForbiddenError } from '../../shared/platform/errors';
import { createTestDatabase, type TestDatabase } from '../harness/cosmos';

const tagging = {
  vendor: { self: true, lines: false },
  bill: { self: false, lines: true },
  invoice: { self: true, lines: true },
};

const north = { facility: 'north', division: null };
const south = { facility: 'south', division: null };

/** The one rule payables and receivables stand on: out of reach is not found, left out of lists, not writable. */
describe('restricted repository', () => {
  let db: TestDatabase;
  const tenantId = `tenant-${randomIds.newId()}`;
  const open = (restrictions: Restrictions | undefined) => {
    const context: TenantContext = { tenantId, actor: { id: 'member-m', kind: 'member' }, restrictions };
    return new RestrictedRepository(
      { container: db.containers.tenantData, clock: systemClock, ids: randomIds },
      context,
      tagging,
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const whole = open({});
    await whole.create('vendor', 'vendor-north', { name: 'N', ...north });
    await whole.create('vendor', 'vendor-south', { name: 'S', ...south });
    await whole.create('vendor', 'vendor-untagged', { name: 'U', facility: null, division: null });
    await whole.create('bill', 'bill-north', { lines: [north, north] });
    await whole.create('bill', 'bill-mixed', { lines: [north, south] });
    // Tagged on itself only in reach: a north invoice that carries a south line is not north's.
    await whole.create('invoice', 'invoice-north', { ...north, lines: [north] });
    await whole.create('invoice', 'invoice-north-south-line', { ...north, lines: [north, south] });
    await whole.create('note', 'note-1', { text: 'untagged type' });
  });

  it('a member restricted to one facility finds only what lies wholly in it', async () => {
    const member = open({ facilities: ['north'] });
    const found = async (type: string, id: string) => (await member.find(type, id)) !== undefined;
    expect(await found('vendor', 'vendor-north')).toBe(true);
    expect(await found('vendor', 'vendor-south')).toBe(false);
    expect(await found('vendor', 'vendor-untagged')).toBe(false);
    expect(await found('bill', 'bill-north')).toBe(true);
    expect(await found('bill', 'bill-mixed')).toBe(false);
    expect(await found('invoice', 'invoice-north')).toBe(true);
    expect(await found('invoice', 'invoice-north-south-line')).toBe(false);
    expect(await found('note', 'note-1')).toBe(true);
  });

  it('lists leave out what is out of reach, and an unrestricted member sees everything', async () => {
    const ids = async (repository: RestrictedRepository, type: string) =>
      (await repository.queryAll(type)).map((item) => item.id).sort();
    const member = open({ facilities: ['north'] });
    expect(await ids(member, 'vendor')).toEqual(['vendor-north']);
    expect(await ids(member, 'bill')).toEqual(['bill-north']);
    expect(await ids(member, 'invoice')).toEqual(['invoice-north']);
    const whole = open({});
    expect(await ids(whole, 'vendor')).toEqual(['vendor-north', 'vendor-south', 'vendor-untagged']);
    expect(await ids(whole, 'bill')).toEqual(['bill-mixed', 'bill-north']);
  });

  it('refuses to write a record out of reach, and to move one in reach out of it', async () => {
    const member = open({ facilities: ['north'] });
    await expect(member.create('vendor', 'vendor-new', { name: 'X', ...south })).rejects.toThrow(ForbiddenError);
    await expect(member.create('bill', 'bill-new', { lines: [north, south] })).rejects.toThrow(ForbiddenError);
    await expect(member.create('invoice', 'invoice-new', { ...south, lines: [north] })).rejects.toThrow(
      'Outside the facilities and divisions you may use',
    );
    const vendor = (await member.find<{ name: string }>('vendor', 'vendor-north'))!;
    await expect(member.replace(vendor, { name: 'Moved', ...south })).rejects.toThrow(ForbiddenError);
    const renamed = await member.replace(vendor, { name: 'Renamed', ...north });
    expect(renamed.name).toBe('Renamed');
    expect(await open({ facilities: ['south'] }).find('vendor', 'vendor-north')).toBeUndefined();
  });

  it('keeps organisation-wide acts from a restricted member', () => {
    expect(() => open({ divisions: ['retail'] }).requireWholeOrganisation('Changing settings')).toThrow(ForbiddenError);
    expect(() => open({}).requireWholeOrganisation('Changing settings')).not.toThrow();
    expect(() => open(undefined).requireWholeOrganisation('Changing settings')).not.toThrow();
  });
});

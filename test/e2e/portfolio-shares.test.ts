import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { codeAttemptLimits } from '../../shared/portfolio/code-attempts';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { portfolioOrganisation, recentMonths, type PortfolioOrganisation } from '../harness/portfolio';

const secrets = generateDevelopmentSecrets();
const { last, current } = recentMonths();
const chart = [
  ['1000', 'asset'],
  ['2000', 'liability'],
  ['3000', 'equity'],
  ['4000', 'revenue'],
  ['5000', 'expense'],
] as const;

interface Problem {
  status: number;
  title: string;
  detail: string;
  type: string;
}

/**
 * Balance sharing as both organisations and an attacker see it, through the real host: the code,
 * the owner's preview and affirmative grant, what the requester reads, the owner's switch, and
 * the audit trail on both sides.
 */
describe('portfolio balance sharing over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  let platform: Container;
  const organisation = (name: string, currency = 'USD') =>
    portfolioOrganisation({
      url: host.url,
      data,
      signingKeys: secrets.TOKEN_SIGNING_KEYS,
      name,
      currency,
      accounts: chart,
    });

  const audit = async (tenantId: string): Promise<string[]> => {
    const { resources } = await data.items
      .query<string>({
        query:
          "SELECT VALUE c.action FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND STARTSWITH(c.action, 'portfolio.') ORDER BY c.sequence",
        parameters: [{ name: '@t', value: tenantId }],
      })
      .fetchAll();
    return resources;
  };
  const code = async (requester: PortfolioOrganisation) =>
    (await requester.ok<{ code: string }>('admin', 'POST', 'portfolio/share-requests')).code;
  const grant = (owner: PortfolioOrganisation, pasted: string, allowMonthToDate = false) =>
    owner.call('admin', 'POST', 'portfolio/grants', { code: pasted, allowMonthToDate, confirm: true });
  const shareOf = async (requester: PortfolioOrganisation, owner: PortfolioOrganisation) => {
    const { items } = await requester.ok<{ items: Array<{ id: string; owner: { name: string }; status: string }> }>(
      'admin',
      'GET',
      'portfolio/shares',
    );
    return items.find((share) => share.owner.name === owner.name)!;
  };
  const balances = (requester: PortfolioOrganisation, shareId: string, month = last) =>
    requester.call('admin', 'GET', `portfolio/shares/${shareId}/balances?month=${month}`);
  const problem = async (response: Response) => {
    const { status, title, detail, type } = (await response.json()) as Problem;
    return { status, title, detail, type };
  };

  beforeAll(async () => {
    host = await startHostedApp({
      entry: 'functions/index.ts',
      env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '100000' },
    });
    data = host.containers.tenantData;
    platform = host.containers.platform;
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('shows the code once and stores only its hash, good for seven days', async () => {
    const parent = await organisation('Parent One');
    const created = await parent.ok<{ id: string; code: string; expiresAt: string }>(
      'admin',
      'POST',
      'portfolio/share-requests',
    );
    expect(created.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const { resource: request } = await data.item(created.id, parent.tenantId).read<Record<string, unknown>>();
    const hash = createHash('sha256').update(created.code.replace(/-/g, '')).digest('hex');
    expect(request).toMatchObject({ codeHash: hash, status: 'pending' });
    expect(JSON.stringify(request)).not.toContain(created.code.replace(/-/g, '').slice(0, 12));
    const { resource: index } = await platform
      .item(`share-code-${hash}`, `share-code-${hash}`)
      .read<Record<string, unknown>>();
    expect(index).toMatchObject({ requestId: created.id, requesterName: 'Parent One', usedAt: null });
    expect(JSON.stringify(index)).not.toContain(created.code.replace(/-/g, '').slice(0, 12));
    expect(await audit(parent.tenantId)).toEqual(['portfolio.share-requested']);
  });

  it('shares only after the owner previews and confirms; the requester reads balances only, and both logs record it', async () => {
    const parent = await organisation('Parent Two');
    const owner = await organisation('Owner Two');
    await owner.post(`${last}-10`, '1000', '4000', '250.00');
    await owner.post(`${last}-11`, '5000', '2000', '40.00');
    const pasted = await code(parent);

    const preview = await owner.ok<Record<string, unknown>>('admin', 'POST', 'portfolio/grants/preview', {
      code: pasted.toLowerCase(),
    });
    expect(preview).toMatchObject({ requester: { name: 'Parent Two' }, sees: { monthEnds: true, monthToDate: false } });
    expect((preview as { sees: { accounts: unknown[] } }).sees.accounts).toContainEqual({
      code: '1000',
      name: 'Owner Two 1000',
      type: 'asset',
    });
    expect(await shareOf(parent, owner)).toBeUndefined();
    const unconfirmed = await owner.call('admin', 'POST', 'portfolio/grants', { code: pasted });
    expect(unconfirmed.status).toBe(400);
    expect(await shareOf(parent, owner)).toBeUndefined();

    expect((await grant(owner, pasted)).status).toBe(201);
    const share = await shareOf(parent, owner);
    expect(share).toMatchObject({ status: 'active', allowMonthToDate: false });
    const read = await balances(parent, share.id);
    const body = (await read.json()) as { accounts: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(read.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ owner: { name: 'Owner Two' }, month: last, monthToDate: false, currency: 'USD' });
    expect(body.accounts).toContainEqual({ code: '1000', name: 'Owner Two 1000', type: 'asset', balance: '250.00' });
    expect(body.accounts).toContainEqual({
      code: '2000',
      name: 'Owner Two 2000',
      type: 'liability',
      balance: '-40.00',
    });
    expect(Object.keys(body.accounts[0]!).sort()).toEqual(['balance', 'code', 'name', 'type']);
    expect(JSON.stringify(body)).not.toMatch(/memo|Portfolio suite|journal|account-/i);
    const monthToDate = await balances(parent, share.id, current);
    expect(monthToDate.status, 'month to date was not allowed').toBe(403);

    expect(await audit(parent.tenantId)).toEqual([
      'portfolio.share-requested',
      'portfolio.share-granted',
      'portfolio.balances-read',
    ]);
    expect(await audit(owner.tenantId)).toEqual(['portfolio.share-granted', 'portfolio.balances-read']);
  });

  it('shows month to date only where the owner allowed it', async () => {
    const parent = await organisation('Parent Three');
    const owner = await organisation('Owner Three');
    await owner.post(`${current}-01`, '1000', '3000', '5.00');
    expect((await grant(owner, await code(parent), true)).status).toBe(201);
    const read = await balances(parent, (await shareOf(parent, owner)).id, current);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ month: current, monthToDate: true });
  });

  it('refuses wrong, used and expired codes identically, and a used or expired code does nothing', async () => {
    const parent = await organisation('Parent Four');
    const owner = await organisation('Owner Four');
    const other = await organisation('Other Four');
    const pasted = await code(parent);
    expect((await grant(owner, pasted)).status).toBe(201);
    const used = await grant(other, pasted);
    const wrong = await grant(other, 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789');
    const stale = await code(parent);
    const hash = createHash('sha256').update(stale.replace(/-/g, '')).digest('hex');
    const index = platform.item(`share-code-${hash}`, `share-code-${hash}`);
    const { resource } = await index.read<Record<string, unknown>>();
    await index.replace({ ...resource!, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const expired = await grant(other, stale);
    const refusals = [await problem(used), await problem(wrong), await problem(expired)];
    expect(refusals[0]!.status).toBe(404);
    expect(refusals[1]).toEqual(refusals[0]);
    expect(refusals[2]).toEqual(refusals[0]);
    const { items } = await other.ok<{ items: unknown[] }>('admin', 'GET', 'portfolio/grants');
    expect(items).toEqual([]);
    expect(
      (await parent.ok<{ items: Array<{ owner: { name: string } }> }>('admin', 'GET', 'portfolio/shares')).items.map(
        (s) => s.owner.name,
      ),
    ).toEqual(['Owner Four']);
    expect(await audit(other.tenantId)).toEqual([
      'portfolio.code-refused',
      'portfolio.code-refused',
      'portfolio.code-refused',
    ]);
  });

  it('rate-limits code guessing per member: past the limit even a right code is refused', async () => {
    const parent = await organisation('Parent Five');
    const attacker = await organisation('Attacker Five');
    for (let attempt = 1; attempt <= codeAttemptLimits.perMember; attempt += 1) {
      const guess = `${String(attempt).padStart(4, '0')}-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG`;
      expect((await attacker.call('admin', 'POST', 'portfolio/grants/preview', { code: guess })).status).toBe(404);
    }
    const right = await grant(attacker, await code(parent));
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await shareOf(parent, attacker)).toBeUndefined();
    const refused = await audit(attacker.tenantId);
    expect(refused).toHaveLength(codeAttemptLimits.perMember + 1);
    expect(new Set(refused)).toEqual(new Set(['portfolio.code-refused']));
  });

  it('stops the very next read once the owner revokes, checking the grant in the owner’s partition', async () => {
    const parent = await organisation('Parent Six');
    const owner = await organisation('Owner Six');
    expect((await grant(owner, await code(parent))).status).toBe(201);
    const share = await shareOf(parent, owner);
    expect((await balances(parent, share.id)).status).toBe(200);
    const { items } = await owner.ok<{ items: Array<{ id: string }> }>('admin', 'GET', 'portfolio/grants');
    expect((await owner.call('admin', 'POST', `portfolio/grants/${items[0]!.id}/revoke`)).status).toBe(200);
    expect((await balances(parent, share.id)).status).toBe(404);
    expect(await shareOf(parent, owner)).toMatchObject({ status: 'revoked' });
    // Even if the requester's half had never heard of the revocation, the owner's grant decides.
    const document = data.item(share.id, parent.tenantId);
    const { resource } = await document.read<Record<string, unknown>>();
    await document.replace({ ...resource!, status: 'active' });
    expect((await balances(parent, share.id)).status).toBe(404);
    expect(await audit(owner.tenantId)).toEqual([
      'portfolio.share-granted',
      'portfolio.balances-read',
      'portfolio.share-revoked',
    ]);
    expect(await audit(parent.tenantId)).toEqual([
      'portfolio.share-requested',
      'portfolio.share-granted',
      'portfolio.balances-read',
      'portfolio.share-revoked',
    ]);
  });

  it('lets the requester end its own access, recorded on both sides', async () => {
    const parent = await organisation('Parent Seven');
    const owner = await organisation('Owner Seven');
    expect((await grant(owner, await code(parent))).status).toBe(201);
    const share = await shareOf(parent, owner);
    expect((await parent.call('admin', 'POST', `portfolio/shares/${share.id}/end`)).status).toBe(200);
    expect((await balances(parent, share.id)).status).toBe(404);
    const { items } = await owner.ok<{ items: Array<{ status: string }> }>('admin', 'GET', 'portfolio/grants');
    expect(items).toMatchObject([{ status: 'ended' }]);
    expect(await audit(owner.tenantId)).toEqual(['portfolio.share-granted', 'portfolio.share-ended']);
    expect(await audit(parent.tenantId)).toEqual([
      'portfolio.share-requested',
      'portfolio.share-granted',
      'portfolio.share-ended',
    ]);
  });

  it('refuses restricted and non-admin members every share act, and a grant without a recent sign-in', async () => {
    const parent = await organisation('Parent Eight');
    const owner = await organisation('Owner Eight');
    for (const member of ['viewer', 'restricted']) {
      expect((await parent.call(member, 'POST', 'portfolio/share-requests')).status, member).toBe(403);
      expect(
        (await grant({ ...owner, call: (_m, ...rest) => owner.call(member, ...rest) }, await code(parent))).status,
        member,
      ).toBe(403);
    }
    const pasted = await code(parent);
    expect((await grant(owner, pasted)).status).toBe(201);
    const { items } = await owner.ok<{ items: Array<{ id: string }> }>('admin', 'GET', 'portfolio/grants');
    for (const member of ['viewer', 'restricted'])
      expect((await owner.call(member, 'POST', `portfolio/grants/${items[0]!.id}/revoke`)).status, member).toBe(403);
    const share = await shareOf(parent, owner);
    expect((await parent.call('restricted', 'GET', `portfolio/shares/${share.id}/balances?month=${last}`)).status).toBe(
      403,
    );
    expect((await parent.call('viewer', 'POST', `portfolio/shares/${share.id}/end`)).status).toBe(403);

    const late = await organisation('Owner Eight Late');
    const { resources: sessions } = await data.items
      .query<Record<string, unknown>>({
        query: "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'session' AND c.memberId = 'admin'",
        parameters: [{ name: '@t', value: late.tenantId }],
      })
      .fetchAll();
    const signedInAt = new Date(Date.now() - 11 * 60_000).toISOString();
    await data.item(sessions[0]!.id as string, late.tenantId).replace({ ...sessions[0]!, signedInAt });
    const stale = await grant(late, await code(parent));
    expect(stale.status).toBe(403);
    expect(((await stale.json()) as Problem).detail).toMatch(/sign in again/);
  });
});

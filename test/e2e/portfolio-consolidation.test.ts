import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { startHostedApp, type RunningHost } from '../harness/local-host';
import { portfolioOrganisation, recentMonths, type PortfolioOrganisation } from '../harness/portfolio';

const secrets = generateDevelopmentSecrets();
const { last } = recentMonths();

interface Report {
  currency: string;
  organisations: Array<{ name: string; currency: string; rates: { closing: string; average: string } | null }>;
  rows: Array<{ code: string; name: string; mapped: boolean; amounts: string[]; eliminations: string; total: string }>;
  unmapped: Array<{ organisation: string; code: string; balance: string; currency: string }>;
  totals: { debit: string; credit: string };
}

/**
 * A parent consolidating a subsidiary in its own currency and one in euros, through the real
 * host: mapping by code and by explicit mapping, an unmapped account kept, translation at the
 * parent's rates with the difference in the adjustment account, and an elimination that touches
 * no organisation's books.
 */
describe('the consolidated trial balance over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  let parent: PortfolioOrganisation;
  let usd: PortfolioOrganisation;
  let eur: PortfolioOrganisation;
  const shareIds: Record<string, string> = {};

  const trialBalance = async (organisation: PortfolioOrganisation) =>
    organisation.ok<unknown>('admin', 'GET', `ledger/reports/trial-balance?asOf=${last}-28`);
  const consolidated = (format = 'json') =>
    parent.call('admin', 'GET', `portfolio/consolidations/${last}/trial-balance?format=${format}`);
  const setup = {
    translationAdjustmentCode: '3999',
    rates: { EUR: { closing: '1.2', average: '1.1' } },
    mappings: {} as Record<string, Record<string, string>>,
    eliminations: [
      {
        memo: 'Intercompany loan',
        lines: [
          { code: '2000', side: 'debit', amount: '30.00' },
          { code: '1200', side: 'credit', amount: '30.00' },
        ],
      },
    ],
  };

  beforeAll(async () => {
    host = await startHostedApp({
      entry: 'functions/index.ts',
      env: { ...secrets, RATE_LIMIT_GLOBAL_PER_MINUTE: '100000' },
    });
    data = host.containers.tenantData;
    const make = (
      name: string,
      currency: string,
      accounts: ReadonlyArray<readonly [string, 'asset' | 'liability' | 'equity' | 'revenue' | 'expense']>,
    ) =>
      portfolioOrganisation({ url: host.url, data, signingKeys: secrets.TOKEN_SIGNING_KEYS, name, currency, accounts });
    parent = await make('Holding', 'USD', [
      ['1000', 'asset'],
      ['1200', 'asset'],
      ['2000', 'liability'],
      ['3000', 'equity'],
      ['3999', 'equity'],
      ['4000', 'revenue'],
      ['5000', 'expense'],
    ]);
    usd = await make('Sub Dollar', 'USD', [
      ['1000', 'asset'],
      ['2200', 'liability'],
      ['3000', 'equity'],
      ['8888', 'asset'],
    ]);
    eur = await make('Sub Euro', 'EUR', [
      ['1000', 'asset'],
      ['3000', 'equity'],
      ['4000', 'revenue'],
      ['5000', 'expense'],
    ]);
    await parent.post(`${last}-05`, '1200', '1000', '30.00');
    await parent.post(`${last}-06`, '1000', '3000', '500.00');
    await usd.post(`${last}-05`, '1000', '2200', '30.00');
    await usd.post(`${last}-07`, '8888', '3000', '12.34');
    await eur.post(`${last}-03`, '1000', '3000', '100.00');
    await eur.post(`${last}-08`, '1000', '4000', '50.00');
    await eur.post(`${last}-09`, '5000', '1000', '20.05');
    for (const owner of [usd, eur]) {
      const { code } = await parent.ok<{ code: string }>('admin', 'POST', 'portfolio/share-requests');
      await owner.ok('admin', 'POST', 'portfolio/grants', { code, confirm: true });
    }
    const { items } = await parent.ok<{ items: Array<{ id: string; owner: { name: string } }> }>(
      'admin',
      'GET',
      'portfolio/shares',
    );
    for (const share of items) shareIds[share.owner.name] = share.id;
    setup.mappings = { [shareIds['Sub Dollar']!]: { '2200': '2000' } };
  }, 180_000);
  afterAll(async () => {
    await host?.stop();
  });

  it('refuses to translate euros before the parent enters rates', async () => {
    const refused = await consolidated();
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/rates for EUR/);
  });

  it('refuses a setup that does not fit the parent’s chart, naming each field', async () => {
    const response = await parent.call('admin', 'PUT', `portfolio/consolidations/${last}`, {
      ...setup,
      translationAdjustmentCode: '1000',
      mappings: { [shareIds['Sub Euro']!]: { '1000': '7777' } },
      eliminations: [
        {
          memo: 'Uneven',
          lines: [
            { code: '2000', side: 'debit', amount: '1.00' },
            { code: '1200', side: 'credit', amount: '2.00' },
          ],
        },
      ],
    });
    expect(response.status).toBe(400);
    const fields = ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['eliminations.0', `mappings.${shareIds['Sub Euro']}.1000`, 'translationAdjustmentCode']);
  });

  it('maps, translates and eliminates into a total that balances, dropping nothing and touching no books', async () => {
    const books = [await trialBalance(parent), await trialBalance(usd), await trialBalance(eur)];
    expect((await parent.call('admin', 'PUT', `portfolio/consolidations/${last}`, setup)).status).toBe(200);
    const response = await consolidated();
    const report = (await response.json()) as Report;
    expect(response.status, JSON.stringify(report)).toBe(200);
    expect(report.organisations.map((o) => [o.name, o.currency, o.rates])).toEqual([
      ['Holding', 'USD', null],
      ['Sub Dollar', 'USD', null],
      ['Sub Euro', 'EUR', { closing: '1.2', average: '1.1' }],
    ]);
    const row = (code: string) => report.rows.find((r) => r.code === code)!;
    // EUR 129.95 cash at 1.2 = 155.94; sales 50 at 1.1 = 55.00; expense 20.05 at 1.1 = 22.055 -> 22.06; capital 100 at 1.2.
    expect(row('1000').amounts).toEqual(['470.00', '30.00', '155.94']);
    expect(row('4000').amounts).toEqual(['0.00', '0.00', '-55.00']);
    expect(row('5000').amounts).toEqual(['0.00', '0.00', '22.06']);
    expect(row('3000').amounts).toEqual(['-500.00', '-12.34', '-120.00']);
    expect(row('3999').amounts).toEqual(['0.00', '0.00', '-3.00']);
    // Sub Dollar's 2200 lands on the parent's 2000 by the explicit mapping; the loan is eliminated.
    expect(row('2000')).toMatchObject({ amounts: ['0.00', '-30.00', '0.00'], eliminations: '30.00', total: '0.00' });
    expect(row('1200')).toMatchObject({ amounts: ['30.00', '0.00', '0.00'], eliminations: '-30.00', total: '0.00' });
    expect(report.unmapped).toEqual([
      { organisation: 'Sub Dollar', code: '8888', name: 'Sub Dollar 8888', balance: '12.34', currency: 'USD' },
    ]);
    expect(report.rows.find((r) => !r.mapped)).toMatchObject({
      code: '8888',
      amounts: ['0.00', '12.34', '0.00'],
      total: '12.34',
    });
    expect(report.totals.debit).toBe(report.totals.credit);
    expect(report.totals.debit).toBe('690.34');
    expect([await trialBalance(parent), await trialBalance(usd), await trialBalance(eur)]).toEqual(books);
  });

  it('answers the same table as CSV and as a PDF', async () => {
    const csv = await consolidated('csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('code,name,type,Holding,Sub Dollar,Sub Euro,eliminations,total');
    expect(lines).toContain('1000,Holding 1000,asset,470.00,30.00,155.94,0.00,655.94');
    const pdf = await consolidated('pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('records each owner’s read in its own log and the parent’s read in the parent’s', async () => {
    const actions = async (tenantId: string) => {
      const { resources } = await data.items
        .query<{ action: string; details: Record<string, string> }>({
          query:
            "SELECT c.action, c.details FROM c WHERE c.tenantId = @t AND c.type = 'audit-record' AND c.action = 'portfolio.balances-read'",
          parameters: [{ name: '@t', value: tenantId }],
        })
        .fetchAll();
      return resources;
    };
    const before = (await actions(eur.tenantId)).length;
    expect((await consolidated()).status).toBe(200);
    expect(await actions(eur.tenantId)).toHaveLength(before + 1);
    expect((await actions(parent.tenantId)).at(-1)!.details).toMatchObject({
      owners: expect.stringContaining('Sub Euro'),
    });
  });
});

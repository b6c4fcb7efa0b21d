import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantRepository } from '../../shared/platform/data/tenant-repository';
import { openBooks, type Books } from '../harness/ledger-books';
import { manyRequests, type RunningHost, startTestApp } from '../harness/local-host';
import { testSecrets } from '../harness/test-secrets';

const { secrets, tokens } = testSecrets();
const everything = { ledger: 'admin', 'journal-entries': 'admin', settings: 'admin' } as const;

interface Problem {
  errors?: Array<{ field: string; reason: string }>;
  detail?: string;
}

describe('ledger input controls over HTTP', () => {
  let host: RunningHost;
  let data: Container;
  let books: Books;

  beforeAll(async () => {
    host = await startTestApp(secrets, manyRequests);
    data = host.containers.tenantData;
    books = await openBooks({
      url: host.url,
      data,
      tokens,
      members: { 'member-ada': everything, 'member-bo': everything },
      accounts: [
        ['1000', 'asset'],
        ['4000', 'revenue'],
      ],
    });
  });
  afterAll(async () => {
    await host?.stop();
  });

  const sale = (overrides: Record<string, unknown> = {}) => ({
    date: '2026-03-10',
    memo: 'Cash sale',
    currency: 'USD',
    lines: [
      { accountId: books.accounts['1000'], side: 'debit', amount: '100' },
      { accountId: books.accounts['4000'], side: 'credit', amount: '100' },
    ],
    ...overrides,
  });
  const fields = async (response: Response) => ((await response.json()) as Problem).errors?.map((e) => e.field);

  describe('dates stay within 1900-01-01..2199-12-31', () => {
    it.each(['0000-01-01', '1899-12-31', '2200-01-01'])('refuses %s on drafts, edits and reversals', async (date) => {
      const created = await books.as('member-ada', 'POST', '/journal-entries', sale({ date }));
      expect(created.status).toBe(400);
      expect(await fields(created)).toEqual(['date']);

      const draft = (await (await books.as('member-ada', 'POST', '/journal-entries', sale())).json()) as { id: string };
      const edited = await books.as('member-ada', 'PUT', `/journal-entries/${draft.id}`, sale({ date }));
      expect(edited.status).toBe(400);
      expect(await fields(edited)).toEqual(['date']);
      const reversed = await books.as('member-ada', 'POST', `/journal-entries/${draft.id}/reverse`, { date });
      expect(reversed.status).toBe(400);
      expect(await fields(reversed)).toEqual(['date']);
    });

    it('refuses such dates in periods and reports too', async () => {
      const close = await books.as('member-ada', 'POST', '/periods/0000-01/close');
      expect(close.status).toBe(400);
      expect(await fields(close)).toEqual(['month']);
      const report = await books.as('member-ada', 'GET', '/reports/trial-balance?asOf=0000-01-01');
      expect(report.status).toBe(400);
      expect(await fields(report)).toEqual(['asOf']);
      const income = await books.as('member-ada', 'GET', '/reports/income-statement?from=1000-01-01&to=2026-01-31');
      expect(income.status).toBe(400);
      expect(await fields(income)).toEqual(['from']);
    });

    it('accepts the bounds themselves', async () => {
      const early = await books.as('member-ada', 'POST', '/journal-entries', sale({ date: '1900-01-01' }));
      const late = await books.as('member-ada', 'POST', '/journal-entries', sale({ date: '2199-12-31' }));
      expect([early.status, late.status]).toEqual([201, 201]);
    });
  });

  describe("an entry's currency is the organisation's base currency", () => {
    it('refuses another currency at create and at update, naming the field', async () => {
      const yen = await books.as('member-ada', 'POST', '/journal-entries', sale({ currency: 'JPY' }));
      expect(yen.status).toBe(400);
      const problem = (await yen.json()) as Problem;
      expect(problem.errors).toEqual([{ field: 'currency', reason: expect.stringContaining('USD') as string }]);

      const draft = (await (await books.as('member-ada', 'POST', '/journal-entries', sale())).json()) as { id: string };
      const edited = await books.as('member-ada', 'PUT', `/journal-entries/${draft.id}`, sale({ currency: 'JPY' }));
      expect(edited.status).toBe(400);
      expect(await fields(edited)).toEqual(['currency']);
    });

    it('refuses to post a draft in another currency (written before the rule) and changes nothing', async () => {
      const id = `je-${randomUUID()}`;
      await new TenantRepository(data, {
        tenantId: books.tenantId,
        actor: { id: 'member-ada', kind: 'member' },
      }).create('journal-entry', id, {
        status: 'draft',
        number: null,
        date: '2026-03-11',
        memo: 'Yen sale',
        reference: null,
        currency: 'JPY',
        lines: [
          {
            accountId: books.accounts['1000'],
            side: 'debit',
            amountMinor: '10000',
            facility: null,
            division: null,
            memo: null,
          },
          {
            accountId: books.accounts['4000'],
            side: 'credit',
            amountMinor: '10000',
            facility: null,
            division: null,
            memo: null,
          },
        ],
        reversalOf: null,
        postedAt: null,
        postedBy: null,
      });
      const posted = await books.as('member-ada', 'POST', `/journal-entries/${id}/post`);
      expect(posted.status).toBe(400);
      expect(await fields(posted)).toEqual(['currency']);
      const tb = (await (await books.as('member-ada', 'GET', '/reports/trial-balance?asOf=2026-03-31')).json()) as {
        rows: unknown[];
      };
      expect(tb.rows).toEqual([]);
    });

    it('an organisation without a base currency is an error, never a silent USD', async () => {
      const bare = await openBooks({
        url: host.url,
        data,
        tokens,
        profile: { baseCurrency: undefined },
        members: { 'member-cy': everything },
        accounts: [
          ['1000', 'asset'],
          ['4000', 'revenue'],
        ],
      });
      const response = await bare.as('member-cy', 'POST', '/journal-entries', {
        ...sale(),
        lines: [
          { accountId: bare.accounts['1000'], side: 'debit', amount: '1.00' },
          { accountId: bare.accounts['4000'], side: 'credit', amount: '1.00' },
        ],
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as Problem).detail).toMatch(/base currency/);
    });
  });

  describe('idempotency keys belong to the member who sent them', () => {
    it("a second member using the same key gets their own draft, never the first member's", async () => {
      const key = `shared-${randomUUID()}`;
      const ada = await books.as('member-ada', 'POST', '/journal-entries', sale(), { 'idempotency-key': key });
      const bo = await books.as('member-bo', 'POST', '/journal-entries', sale(), { 'idempotency-key': key });
      const boAgain = await books.as('member-bo', 'POST', '/journal-entries', sale(), { 'idempotency-key': key });
      const boOther = await books.as('member-bo', 'POST', '/journal-entries', sale({ memo: 'x' }), {
        'idempotency-key': key,
      });
      expect([ada.status, bo.status, boAgain.status, boOther.status]).toEqual([201, 201, 201, 409]);
      const [adaId, boId, boAgainId] = await Promise.all(
        [ada, bo, boAgain].map(async (r) => ((await r.json()) as { id: string }).id),
      );
      expect(boId).not.toBe(adaId);
      expect(boAgainId).toBe(boId);
      const { resource } = await data.item(boId!, books.tenantId).read<{ createdBy: string }>();
      expect(resource?.createdBy).toBe('member-bo');
    });
  });

  describe('a month closes only after it ends', () => {
    it('refuses to close the current month', async () => {
      const month = new Date().toISOString().slice(0, 7);
      const current = await openBooks({
        url: host.url,
        data,
        tokens,
        profile: { booksStartMonth: month },
        members: { 'member-dee': everything },
        accounts: [],
      });
      const response = await current.as('member-dee', 'POST', `/periods/${month}/close`);
      expect(response.status).toBe(409);
      expect(((await response.json()) as Problem).detail).toMatch(/has not ended/);
      const periods = (await (await current.as('member-dee', 'GET', '/periods')).json()) as { items: unknown[] };
      expect(periods.items).toEqual([]);
    });
  });
});

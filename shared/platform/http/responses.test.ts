import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assertStripping, binaryBody, declaredBody, declaredStatuses, ResponseContractError } from './responses';

const entry = z.object({
  id: z.string(),
  lines: z.array(z.object({ accountId: z.string(), amount: z.string() })),
  period: z.object({ month: z.string(), closedBy: z.string().nullable() }).optional(),
  totals: z.record(z.string(), z.object({ debit: z.string() })),
});
const statuses = declaredStatuses({ 200: entry, 202: z.object({ state: z.literal('waiting') }), 204: null });
const send = (status: number, body: unknown, contentType?: string) =>
  declaredBody('test-route', statuses, status, body, contentType);

/** A stored document as the data layer returns it, with everything that must stay inside. */
const stored = {
  id: 'je-1',
  tenantId: 'org-secret',
  type: 'journal-entry',
  etag: '"0x1"',
  _rid: 'abc',
  lines: [{ accountId: 'account-1', amount: '1.00', tenantId: 'org-secret', internalHash: 'h' }],
  period: { month: '2026-01', closedBy: null, etag: '"0x2"', type: 'period' },
  totals: { USD: { debit: '1.00', tenantId: 'org-secret' } },
};

describe('declared response bodies', () => {
  it('sends only declared fields, at every depth (arrays, nested objects, record values)', () => {
    expect(send(200, stored)).toEqual({
      id: 'je-1',
      lines: [{ accountId: 'account-1', amount: '1.00' }],
      period: { month: '2026-01', closedBy: null },
      totals: { USD: { debit: '1.00' } },
    });
    expect(JSON.stringify(send(200, stored))).not.toMatch(/tenantId|etag|_rid|internalHash|journal-entry|"type"/);
  });

  it('picks the schema of the status answered', () => {
    expect(send(202, { state: 'waiting', tenantId: 'org-secret' })).toEqual({ state: 'waiting' });
    expect(send(204, undefined)).toBeUndefined();
  });

  it('treats a body that does not fit, an undeclared status or a stray body as the route’s bug, naming paths not values', () => {
    const misfit = () => send(200, { ...stored, lines: [{ accountId: 42, amount: 'hunter2' }] });
    expect(misfit).toThrow(ResponseContractError);
    expect(misfit).toThrow(/lines\.0\.accountId/);
    expect(misfit).not.toThrow(/hunter2|org-secret/);
    expect(() => send(201, stored)).toThrow(/201.*not declared/);
    expect(() => send(204, { id: 'x' })).toThrow(ResponseContractError);
    expect(() => send(200, undefined)).toThrow(/missing/);
  });

  it('sends a text body only under a declared media type', () => {
    const report = declaredStatuses({ 200: { 'application/json': entry, 'text/csv': z.string() } });
    expect(declaredBody('r', report, 200, 'a,b\n1,2\n', 'text/csv; charset=utf-8')).toBe('a,b\n1,2\n');
    expect(() => declaredBody('r', report, 200, '<html>', 'text/html')).toThrow(/text\/html is not declared/);
    expect(() => declaredBody('r', statuses, 200, 'raw text')).toThrow(/text\/plain is not declared/);
  });
});

describe('response schemas that could pass undeclared data', () => {
  it.each([
    ['unknown', z.object({ details: z.unknown() })],
    ['any', z.object({ list: z.array(z.any()) })],
    ['a loose object', z.object({ nested: z.looseObject({ id: z.string() }) })],
    ['a catch-all', z.object({ id: z.string() }).catchall(z.string())],
    ['a transform', z.object({ id: z.string().transform((v) => v) })],
    ['a record of unknowns', z.record(z.string(), z.unknown())],
  ])('refuses %s when the route is declared', (_kind, schema) => {
    expect(() => assertStripping(schema, 'route 200')).toThrow(/route 200/);
  });

  it('accepts stripping objects, arrays, records, unions, enums and optional or nullable fields', () => {
    expect(() => assertStripping(entry, 'r')).not.toThrow();
    const reopen = z.union([z.object({ state: z.literal('a') }), z.object({ state: z.enum(['b', 'c']) })]);
    expect(() => assertStripping(reopen.nullable().optional(), 'r')).not.toThrow();
  });
});

describe('downloads', () => {
  const download = declaredStatuses({ 200: { 'application/pdf': binaryBody, 'image/png': binaryBody } });
  const sendFile = (body: unknown, contentType?: string) =>
    declaredBody('file-route', download, 200, body, contentType);

  it('sends bytes as they are under a declared media type, and refuses others', () => {
    const bytes = Buffer.from('%PDF-1.7');
    expect(sendFile(bytes, 'application/pdf')).toBe(bytes);
    expect(() => sendFile(bytes, 'text/html')).toThrow(ResponseContractError);
    expect(() => sendFile(bytes)).toThrow(ResponseContractError);
    expect(() => sendFile({ not: 'bytes' }, 'application/pdf')).toThrow(ResponseContractError);
  });

  it('accepts the binary body as a response schema', () => {
    expect(() => assertStripping(binaryBody, 'download')).not.toThrow();
  });
});

import { expect } from 'vitest';
import { kindRule } from '../../../shared/platform/documents/document-kinds';
import { samplePdf, samplePng } from '../../harness/sample-files';
import type { Probe, RouteCase } from '../route-case';
import type { World } from '../world';
import { invoicePdf, statementPdf } from './receivables';

type Kind = 'bill' | 'receipt' | 'logo' | 'period-report' | 'invoice' | 'customer-statement';

/** Documents belong to the whole organisation: a restricted member sees none and adds none. */
async function outOfReach(probe: Probe): Promise<void> {
  const response = await probe.send(probe.world.restricted);
  if (probe.route.methods![0] === 'POST') expect(response.status, 'a restricted member uploads').toBe(403);
  else if (probe.route.route!.includes('{id}')) expect(response.status, 'a restricted member reads').toBe(404);
  else expect(await response.json(), 'a restricted member lists').toEqual({ items: [] });
}

async function sample(kind: Kind): Promise<{ bytes: Buffer; type: string }> {
  return kind === 'logo'
    ? { bytes: samplePng(), type: 'image/png' }
    : { bytes: await samplePdf(), type: 'application/pdf' };
}

const seeded = (world: World, kind: Kind) =>
  kind === 'period-report'
    ? world.periodReport()
    : kind === 'invoice'
      ? invoicePdf(world)
      : kind === 'customer-statement'
        ? statementPdf(world)
        : sample(kind).then((s) => world.upload(kind, s.bytes, s.type));

/** Past the kind's size limit (413), and bytes that are not what they claim (415), change nothing. */
async function uploadRefusals(probe: Probe, kind: Kind): Promise<void> {
  const admin = probe.world.a.admin;
  const { type } = await sample(kind);
  const tooLarge = new Uint8Array(kindRule(kind).upload!.maxBytes + 1);
  expect((await probe.send(admin, { body: tooLarge, headers: { 'content-type': type } })).status).toBe(413);
  const disguised = new TextEncoder().encode('<script>alert(1)</script>');
  expect((await probe.send(admin, { body: disguised, headers: { 'content-type': type } })).status).toBe(415);
}

function uploadCase(kind: Kind): RouteCase {
  return {
    request: async () => {
      const { bytes, type } = await sample(kind);
      return { query: { filename: `${kind}.file` }, body: bytes, headers: { 'content-type': type } };
    },
    expect: 201,
    restricted: outOfReach,
    extra: (probe) => uploadRefusals(probe, kind),
  };
}

function readCases(kind: Kind): Record<string, RouteCase> {
  return {
    [`documents-${kind}-list`]: { request: () => ({}), restricted: outOfReach },
    [`documents-${kind}-get`]: {
      request: async (world) => ({ params: { id: await seeded(world, kind) } }),
      restricted: outOfReach,
    },
    [`documents-${kind}-content`]: {
      request: async (world) => ({ params: { id: await seeded(world, kind) } }),
      restricted: outOfReach,
    },
  };
}

/** Uploads, listings, metadata and downloads of each kind of document. */
export const documentCases: Record<string, RouteCase> = {
  'documents-bill-upload': uploadCase('bill'),
  'documents-receipt-upload': uploadCase('receipt'),
  'documents-logo-upload': uploadCase('logo'),
  ...readCases('bill'),
  ...readCases('receipt'),
  ...readCases('logo'),
  ...readCases('period-report'),
  ...readCases('invoice'),
  ...readCases('customer-statement'),
};

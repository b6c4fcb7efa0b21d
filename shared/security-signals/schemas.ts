import { z } from 'zod';
import { pageOf } from '../platform/http/schema-parts';
import { signalKinds } from './signal-store';

export { thresholdsSchema } from './thresholds';

export const signalListQuery = z.object({
  kind: z.enum(signalKinds).optional(),
  continuationToken: z.string().max(4000).optional(),
});

export const signalView = z
  .object({
    id: z.string(),
    kind: z.enum(signalKinds),
    memberId: z.string(),
    detectedAt: z.string(),
    summary: z.string(),
    details: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: 'SecuritySignal' });

export const signalPage = pageOf(signalView);

import { z } from 'zod';
import { prefixedId } from '../ids';

export const dataExportParams = z.object({ id: prefixedId('data-export', 'a data export id') });
export const dataExportFileParams = dataExportParams.extend({
  name: z.string().regex(/^[A-Za-z0-9._:-]{1,200}\.part-\d{4}\.ndjson$|^manifest\.json$/, 'a file of the export'),
});

export const dataExportView = z
  .object({
    id: z.string(),
    status: z.enum(['requested', 'running', 'completed', 'failed']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: z.object({ recordTypesDone: z.number().int(), recordTypes: z.number().int().nullable() }),
    files: z.array(
      z.object({ name: z.string(), records: z.number().int().nullable(), bytes: z.number().int(), sha256: z.string() }),
    ),
  })
  .meta({ id: 'DataExport' });

export const dataExportList = z.object({ items: z.array(dataExportView) });

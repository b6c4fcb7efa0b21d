/**
 * Releasing a run's NACHA file to the bank: banking admins only, only for a finalized run that is
 * not flagged, and only after the stored bytes are hashed again and match both the document's
 * record and the SHA-256 the run recorded when it was built. A mismatch withholds the file, flags
 * the run and is audited; every download is audited (the document store does it for this kind).
 */
import { createHash } from 'node:crypto';
import type { TenantContext } from '../platform/actor';
import { retryOnConflict } from '../platform/data/retry';
import { DocumentIntegrityError, readDocumentContent } from '../platform/documents/document-reads';
import type { DocumentView } from '../platform/documents/document-record';
import { ConflictError } from '../platform/errors';
import { readRun } from './payment-run';
import { runAudit } from './payment-runs';
import type { RunDependencies } from './run-dependencies';

export async function releasePaymentFile(
  deps: RunDependencies,
  context: TenantContext,
  id: string,
): Promise<{ document: DocumentView; bytes: Buffer }> {
  const run = await readRun(deps.storeFor(context), id);
  if (run.state !== 'finalized' || !run.file) throw new ConflictError('Only a finalized run with a file is released');
  if (run.flagged) throw new ConflictError(`The run is flagged and its file withheld: ${run.flagged.reason}`);
  let content;
  try {
    content = await readDocumentContent(deps, context, 'payment-file', run.file.documentId);
  } catch (error) {
    if (!(error instanceof DocumentIntegrityError)) throw error;
    await flag(deps, context, id, 'the stored file no longer matches its recorded hash');
    throw new ConflictError('The payment file no longer matches the hash recorded when it was built; withheld');
  }
  const sha256 = createHash('sha256').update(content.bytes).digest('hex');
  if (sha256 !== run.file.sha256) {
    await flag(deps, context, id, 'the file does not match the hash the run recorded');
    throw new ConflictError('The payment file does not match the hash the run recorded; withheld');
  }
  return content;
}

async function flag(deps: RunDependencies, context: TenantContext, id: string, reason: string): Promise<void> {
  const store = deps.storeFor(context);
  const at = deps.clock.now().toISOString();
  await retryOnConflict('The payment run', async () => {
    const run = await readRun(store, id);
    await store.saveRun(
      { current: run, next: { ...run, flagged: run.flagged ?? { reason, at } } },
      runAudit(id, 'payment-runs.file-flagged', { reason }),
    );
  });
}

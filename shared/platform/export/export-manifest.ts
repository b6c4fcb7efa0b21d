import type { Stored } from '../data/stored-document';
import type { DataExport } from './data-export';
import { maskedValues } from './record-masking';

/**
 * What the export holds, file by file with record counts and SHA-256, for an auditor or a
 * departing customer to check what they received.
 */
export function exportManifest(job: Stored<DataExport>, organization: string, finishedAt: string) {
  const records: Record<string, number> = {};
  for (const file of job.files) records[file.recordType] = (records[file.recordType] ?? 0) + file.records;
  return {
    format: 'ledgerline-data-export/1',
    organization,
    exportId: job.id,
    requestedBy: job.createdBy,
    requestedAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt,
    consistency:
      'Records are read type by type while the organisation keeps working: a record written during the export may or may not be in it.',
    masking: `Field ciphertexts are replaced by "${maskedValues.encrypted}" (never decrypted); credential material (tokens, secrets, verifiers) by "${maskedValues.credential}".`,
    records,
    files: job.files.map(({ name, recordType, part, records: count, bytes, sha256 }) => ({
      name,
      recordType,
      part,
      records: count,
      bytes,
      sha256,
    })),
  };
}

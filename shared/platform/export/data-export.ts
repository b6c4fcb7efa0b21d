import type { Stored } from '../data/stored-document';

export const dataExportType = 'data-export';

/** One file of an export: a record type's records as NDJSON, split into parts past a size. */
export interface ExportFile {
  readonly name: string;
  readonly recordType: string;
  readonly part: number;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly documentId: string;
}

/** Where the export goes on: the record type (by index in `types`) and the page within it. */
export interface ExportCursor {
  readonly typeIndex: number;
  readonly continuationToken: string | null;
  readonly part: number;
}

/**
 * A full export of an organisation's records, built in slices by a queue function: it is
 * persisted after every part written, so a crash or a slice's hand-over resumes where it stopped.
 */
export interface DataExport {
  readonly status: 'requested' | 'running' | 'completed';
  readonly outboxId: string;
  /** Who hears when it is ready (the requester's address), if anyone. */
  readonly notify: string | null;
  /** The record types found when the export started, in order. */
  readonly types: readonly string[] | null;
  readonly cursor: ExportCursor;
  readonly files: readonly ExportFile[];
  readonly manifest: { readonly documentId: string; readonly sha256: string; readonly bytes: number } | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export const manifestFileName = 'manifest.json';

export const partName = (recordType: string, part: number) =>
  `${recordType}.part-${String(part).padStart(4, '0')}.ndjson`;

/** What admins see of an export, with the outbox's verdict when its work failed. */
export function dataExportView(record: Stored<DataExport>, outboxState: string | undefined) {
  return {
    id: record.id,
    status: outboxState === 'poisoned' || outboxState === 'failed' ? ('failed' as const) : record.status,
    requestedBy: record.createdBy,
    requestedAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    progress: { recordTypesDone: record.cursor.typeIndex, recordTypes: record.types?.length ?? null },
    files: [
      ...(record.manifest
        ? [{ name: manifestFileName, records: null, bytes: record.manifest.bytes, sha256: record.manifest.sha256 }]
        : []),
      ...(record.status === 'completed'
        ? record.files.map((f) => ({ name: f.name, records: f.records, bytes: f.bytes, sha256: f.sha256 }))
        : []),
    ],
  };
}

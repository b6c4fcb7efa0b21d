/**
 * Blob containers the app writes to. Paths inside each start with the organisation's id and
 * are built by the document store alone, never from client input.
 */
export const blobContainers = {
  /** Uploaded documents that are not financial records (logos). */
  documents: 'documents',
  /** Financial documents (bills, receipts, period reports): never overwritten; immutable in Azure. */
  financialDocuments: 'financial-documents',
  /** Full data exports. */
  exports: 'exports',
} as const;

export const allBlobContainers: readonly string[] = Object.values(blobContainers);

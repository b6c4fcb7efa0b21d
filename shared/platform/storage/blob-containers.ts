/** Blob containers the app writes to (statements, exported reports, attachments). */
export const blobContainers = {
  documents: 'documents',
  exports: 'exports',
} as const;

export const allBlobContainers: readonly string[] = Object.values(blobContainers);

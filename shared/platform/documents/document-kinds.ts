import type { PermissionLevel, Resource } from '../auth/principal';
import { blobContainers } from '../storage/blob-containers';
import type { UploadContentType } from './content-types';

/**
 * What kinds of document the store keeps, and the rules of each: which resource owns it (its
 * routes need that resource's permission), where its bytes live, whether members upload it
 * and what they may upload, and whether each download is audited. A domain adds its kinds
 * here (an invoice, a payment file) when it starts producing them.
 */
export interface DocumentKindRule {
  readonly resource: Resource;
  readonly readLevel: Exclude<PermissionLevel, 'none'>;
  /** Financial documents go to the container with version-level immutability in Azure. */
  readonly container: string;
  /** Every media type a document of this kind may have (its download route declares each). */
  readonly contentTypes: readonly `${string}/${string}`[];
  /** Sensitive documents are audited on every download. */
  readonly auditDownloads: boolean;
  /** Served by its owner's own routes (the data export), not by the generic document routes. */
  readonly ownRoutes?: true;
  readonly upload?: {
    readonly level: Exclude<PermissionLevel, 'none'>;
    readonly maxBytes: number;
    readonly contentTypes: readonly UploadContentType[];
  };
}

const mebibyte = 1024 * 1024;

/** Evidence behind a payable, uploaded by members who enter bills. */
const payablesEvidence = {
  resource: 'payables',
  readLevel: 'read',
  container: blobContainers.financialDocuments,
  contentTypes: ['application/pdf', 'image/png', 'image/jpeg'],
  auditDownloads: false,
  upload: {
    level: 'contribute',
    maxBytes: 10 * mebibyte,
    contentTypes: ['application/pdf', 'image/png', 'image/jpeg'],
  },
} as const satisfies DocumentKindRule;

/** A PDF receivables produced and sent to a customer, kept as it was sent. */
const sentToCustomer = {
  resource: 'receivables',
  readLevel: 'read',
  container: blobContainers.financialDocuments,
  contentTypes: ['application/pdf'],
  auditDownloads: false,
} as const satisfies DocumentKindRule;

export const documentKinds = {
  /** A vendor's bill as received: the evidence behind a payable. */
  bill: payablesEvidence,
  /** A receipt for a payment or an expense. */
  receipt: payablesEvidence,
  /** The organisation's logo, printed on its PDFs (the latest upload is the current one). */
  logo: {
    resource: 'settings',
    readLevel: 'read',
    container: blobContainers.documents,
    contentTypes: ['image/png', 'image/jpeg'],
    auditDownloads: false,
    upload: { level: 'admin', maxBytes: 1 * mebibyte, contentTypes: ['image/png', 'image/jpeg'] },
  },
  /** A closed month's trial balance, income statement and balance sheet, as PDF and CSV. */
  'period-report': {
    resource: 'ledger',
    readLevel: 'read',
    container: blobContainers.financialDocuments,
    contentTypes: ['application/pdf', 'text/csv'],
    auditDownloads: false,
  },
  /**
   * A payment run's NACHA file: released only to banking admins, after its hash is checked against
   * the one the run recorded (shared/payment-runs/run-release.ts); every download audited.
   */
  'payment-file': {
    resource: 'banking',
    readLevel: 'admin',
    container: blobContainers.financialDocuments,
    contentTypes: ['text/plain'],
    auditDownloads: true,
    ownRoutes: true,
  },
  /** An issued invoice as it was sent to the customer (receivables). */
  invoice: sentToCustomer,
  /** A customer's statement as a statement run sent it (receivables). */
  'customer-statement': sentToCustomer,
  /** A part of a full data export: everything the organisation holds, for its admins only. */
  'data-export': {
    resource: 'settings',
    readLevel: 'admin',
    container: blobContainers.exports,
    contentTypes: ['application/x-ndjson', 'application/json'],
    auditDownloads: true,
    ownRoutes: true,
  },
} as const satisfies Record<string, DocumentKindRule>;

export type DocumentKind = keyof typeof documentKinds;
export const allDocumentKinds = Object.keys(documentKinds) as DocumentKind[];

export function kindRule(kind: DocumentKind): DocumentKindRule {
  return documentKinds[kind];
}

/** Kinds members upload through the API. */
export const uploadKinds = allDocumentKinds.filter((kind) => kindRule(kind).upload !== undefined);
/** Kinds the generic document routes serve. */
export const routedKinds = allDocumentKinds.filter((kind) => !kindRule(kind).ownRoutes);

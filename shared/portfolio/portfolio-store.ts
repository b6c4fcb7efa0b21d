import type { FiguresStore } from '../ledger/period-store';
import type { AccountType } from '../ledger/schemas';
import type { TenantContext } from '../platform/actor';
import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Organization } from '../platform/organization/organization';
import type { Grant, Share, ShareCode, ShareRequest } from './portfolio-documents';
import type { ConsolidationSetup } from './schemas';

/*
 * What the portfolio needs from storage, declared here and implemented once over Cosmos
 * (cosmos-portfolio-store.ts for the caller's partition and the platform's share codes,
 * cosmos-across-tenants-store.ts for the one path into another organisation's partition). Errors:
 * finds answer undefined; `ConflictError` (as `DocumentExistsError`) when an id is taken or the
 * audit chain moved, `PreconditionFailedError` (as `DocumentChangedError`) when a document changed
 * since it was read: the lost races `retryOnConflict` retries in the services.
 */

export interface ChartAccount {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
}

/** The portfolio's documents in the caller's own partition, every write attributed to the caller. */
export interface PortfolioStore {
  /** The request's copy of the organisation. ConflictError when it has no profile yet. */
  readOrganization(): Promise<Stored<Organization>>;
  /** The caller's chart as a preview shows it: live accounts, by code. */
  chartAccounts(): Promise<ChartAccount[]>;
  /** One audit record on its own. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** With its audit record. ConflictError when the id is taken. */
  addShareRequest(id: string, request: ShareRequest, audit: AuditEntry): Promise<void>;
  findGrant(id: string): Promise<Stored<Grant> | undefined>;
  /** Grants, newest first; only the active ones made to one requester when `activeTo` names it. */
  listGrants(filter?: { readonly activeTo: string }): Promise<Stored<Grant>[]>;
  /** With its audit record. ConflictError when the id is taken. */
  addGrant(id: string, grant: Grant, audit: AuditEntry): Promise<Stored<Grant>>;
  /** With its audit record. PreconditionFailedError when the grant changed since it was read. */
  saveGrant(current: Stored<Grant>, next: Grant, audit: AuditEntry): Promise<Stored<Grant>>;
  findShare(id: string): Promise<Stored<Share> | undefined>;
  /** Shares, newest first (`active`: only the active ones, oldest first, as a consolidation lists them). */
  listShares(filter?: 'active'): Promise<Stored<Share>[]>;
  /** With its audit record. PreconditionFailedError when the share changed since it was read. */
  saveShare(current: Stored<Share>, next: Share, audit: AuditEntry): Promise<Stored<Share>>;
  findConsolidationSetup(id: string): Promise<Stored<ConsolidationSetup> | undefined>;
  /** Created or replaced under its ETag, with its audit record. PreconditionFailedError or ConflictError on a race. */
  saveConsolidationSetup(
    id: string,
    current: Stored<ConsolidationSetup> | undefined,
    next: ConsolidationSetup,
    audit: AuditEntry,
  ): Promise<void>;
}

/** A share code's index as stored, with the ETag that lets exactly one grant use it. */
export type StoredShareCode = ShareCode & { readonly id: string; readonly etag: string };

/** The platform's documents the portfolio keeps: code indexes and the attempt counters. */
export interface ShareCodeStore {
  findCode(id: string): Promise<StoredShareCode | undefined>;
  /** ConflictError when the id is taken. Expires after `ttlSeconds`. */
  addCode(id: string, code: ShareCode, ttlSeconds: number): Promise<void>;
  /** PreconditionFailedError when another grant used it first. */
  useCode(current: StoredShareCode, usedAt: string): Promise<void>;
  /** Adds one attempt to the counter `id` of a fixed window; returns the count. */
  countAttempt(id: string, windowSeconds: number): Promise<number>;
}

/** The requester's half of a grant, in the requester's partition, written by the owner's member. */
export interface RequesterPartition {
  findRequest(id: string): Promise<Stored<ShareRequest> | undefined>;
  findShareOf(grantId: string): Promise<Stored<Share> | undefined>;
  /** The new share with its request marked used (when still there) and the audit record, in one transaction. */
  addShare(
    id: string,
    share: Share,
    request: { readonly current: Stored<ShareRequest>; readonly next: ShareRequest } | undefined,
    audit: AuditEntry,
  ): Promise<void>;
  /** With its audit record. PreconditionFailedError when the share changed since it was read. */
  saveShare(current: Stored<Share>, next: Share, audit: AuditEntry): Promise<void>;
}

/** The owner's partition as a requester's member reaches it: the grant, the balances, the owner's log. */
export interface OwnerPartition {
  findGrant(id: string): Promise<Stored<Grant> | undefined>;
  /** With its audit record. PreconditionFailedError when the grant changed since it was read. */
  saveGrant(current: Stored<Grant>, next: Grant, audit: AuditEntry): Promise<void>;
  /** The owner's books, accounts and balances (read only after the grant is found active). */
  readonly figures: FiguresStore;
  appendAudit(entry: AuditEntry): Promise<void>;
}

/**
 * The one way into another organisation's partition (architecture guide, section 7): named by a
 * grant (the requester's) or a share (the owner's), never by a tenant id from a request, and
 * worked in on behalf of the calling member, who is named in that organisation's audit log.
 */
export interface AcrossTenantsStore {
  requesterOf(grant: Grant, caller: TenantContext): RequesterPartition;
  ownerOf(share: Share, caller: TenantContext): OwnerPartition;
}

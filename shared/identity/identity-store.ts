import type { TenantContext } from '../platform/actor';
import type { AuditEntry, AuditRecord } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { EmailToSend } from '../platform/email/email-message';
import type { Organization } from '../platform/organization/organization';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import type { EntraIdentity, Member } from './member';
import type { OperatorRecord } from './operator-sign-in';
import type { IpBlock } from './schemas';
import type { RevocationReason, Session } from './sessions';
import type { PendingSignIn } from './sign-in-transaction';

/*
 * What identity needs from storage, declared by identity (as Formance's ledger declares its Store)
 * and implemented once over Cosmos beside it (cosmos-identity-store.ts, cosmos-member-store.ts,
 * cosmos-platform-identity-store.ts). The errors each operation may raise are the contract:
 * `PreconditionFailedError` (as `DocumentChangedError`: someone wrote the document since it was
 * read) and `ConflictError` (as `DocumentExistsError`: the id is taken, or the audit chain moved)
 * are lost races, the two `retryOnConflict` retries; `DependencyUnavailableError` and
 * `TooManyRequestsError` come from Cosmos itself. Finds answer undefined, never NotFoundError.
 */

/** The four documents every authenticated request needs, read in one query of the partition. */
export interface AuthenticationRead {
  readonly session: Stored<Session> | undefined;
  readonly member: Stored<Member> | undefined;
  readonly block: Stored<IpBlock> | undefined;
  readonly organization: Stored<Organization> | undefined;
}

export interface SessionEnding {
  readonly now: Date;
  readonly reason: RevocationReason;
  readonly by: string;
}

export interface SessionStore {
  findSession(id: string): Promise<Stored<Session> | undefined>;
  /** Every session of the organisation, or of one member; ended ones included. */
  sessionsOf(memberId?: string): Promise<Stored<Session>[]>;
  /** Session, member (by the token's member id), address block and organisation: one query. */
  readAuthentication(claims: { sessionId: string; memberId: string; ip: string }): Promise<AuthenticationRead>;
  /** ConflictError if the id is taken. */
  openSession(id: string, session: Session): Promise<Stored<Session>>;
  /** PreconditionFailedError when the session changed since `current` was read. */
  saveSession(current: Stored<Session>, next: Session): Promise<Stored<Session>>;
  /**
   * Ends the given sessions (at most 98: one batch) with `audit` in one transaction.
   * PreconditionFailedError or ConflictError when a session or the audit chain moved: nothing written.
   */
  endSessions(sessions: readonly Stored<Session>[], ending: SessionEnding, audit: AuditEntry): Promise<void>;
}

/** The member list as of one read of the roster document, whose ETag every member change bumps. */
export interface MemberRoster {
  readonly version: Stored<{ version: number }> | undefined;
  readonly members: Stored<Member>[];
}

export interface MemberChange {
  readonly roster: MemberRoster;
  readonly target: Stored<Member>;
  readonly next: Member;
  /** The member's live sessions end in the same transaction (at most 90 of them). */
  readonly endSessions?: SessionEnding;
  readonly audit: AuditEntry;
}

export interface MemberStore {
  findMember(id: string): Promise<Stored<Member> | undefined>;
  /** All members, removed ones included. */
  listMembers(): Promise<Stored<Member>[]>;
  activeMemberByEmail(email: string): Promise<Stored<Member> | undefined>;
  /** With its email index and audit record. ConflictError naming the email when it is taken. */
  addMember(id: string, member: Member, audit: AuditEntry): Promise<void>;
  /** The roster read before the members: a change committed after it fails our roster replace. */
  readRoster(): Promise<MemberRoster>;
  /** PreconditionFailedError or ConflictError when the roster, the member or a session moved. */
  changeMember(change: MemberChange): Promise<void>;
  /** Binds the Entra identity, audited. PreconditionFailedError or ConflictError when the member moved. */
  bindEntraIdentity(current: Stored<Member>, identity: EntraIdentity, audit: AuditEntry): Promise<void>;
}

export interface IpBlockStore {
  /** The organisation's stored block of an address (lapsed or not). */
  findBlock(ip: string): Promise<Stored<IpBlock> | undefined>;
  listBlocks(): Promise<Stored<IpBlock>[]>;
  /** Writes the block over `existing` (or creates it), audited. PreconditionFailedError/ConflictError on a race. */
  writeBlock(existing: Stored<IpBlock> | undefined, block: IpBlock, audit: AuditEntry): Promise<void>;
}

/** What an organisation's settings change decides: its next settings, audit record and any notice. */
export interface SecurityDecision<R> {
  readonly next: Organization;
  readonly audit: AuditEntry;
  readonly notice?: EmailToSend;
  readonly result: R;
}

export interface OrganizationSecurityStore {
  /** The request's copy of the organisation. ConflictError when it has no profile yet. */
  readOrganization(): Promise<Stored<Organization>>;
  /**
   * Changes the organisation under its ETag with its audit record and notice (outbox) in one
   * transaction, retried whole on a race; ContentionError when retries run out.
   */
  changeOrganization<R>(
    decide: (organization: Stored<Organization>) => SecurityDecision<R>,
  ): Promise<{ result: R; tickets: OutboxTicket[] }>;
}

export interface AuditTrail {
  /** One audit record on its own, as `as` (default: the store's caller); retries contention itself. */
  appendAudit(entry: AuditEntry, as?: TenantContext): Promise<void>;
  /** A member's sign-in records (succeeded or refused), newest first. */
  signInRecords(memberId: string, limit: number): Promise<Stored<AuditRecord>[]>;
}

/** Identity's store for one organisation and one caller (who every write is attributed to). */
export interface IdentityStore extends SessionStore, MemberStore, IpBlockStore, OrganizationSecurityStore, AuditTrail {}

/** A pending sign-in as stored, with the ETag that lets exactly one callback take it. */
export type StoredPendingSignIn = PendingSignIn & { readonly id: string; readonly etag: string };

/** Identity's documents of the platform's own (not any organisation's), keyed for point reads. */
export interface PlatformIdentityStore {
  tenantOfSlug(slug: string): Promise<string | undefined>;
  findOperator(operatorId: string): Promise<OperatorRecord | undefined>;
  /** ConflictError if the state is taken. Expires after `ttlSeconds`. */
  openPendingSignIn(state: string, pending: PendingSignIn, ttlSeconds: number): Promise<void>;
  findPendingSignIn(state: string): Promise<StoredPendingSignIn | undefined>;
  /** PreconditionFailedError when another callback took it first. */
  usePendingSignIn(current: StoredPendingSignIn): Promise<void>;
  /** The platform-wide block of an address (after repeated failed sign-ins). */
  addressBlock(ip: string): Promise<IpBlock | undefined>;
  /** Adds one failed sign-in to the address's window starting at `windowStart`; returns the count. */
  countFailedSignIn(ip: string, windowStart: number, windowSeconds: number): Promise<number>;
  /** The latest block wins (written whether or not one exists); expires after `ttlSeconds`. */
  blockAddress(block: IpBlock, ttlSeconds: number): Promise<void>;
  recordSecurityEvent(id: string, event: Record<string, unknown>, ttlSeconds: number): Promise<void>;
}

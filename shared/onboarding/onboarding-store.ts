import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { Organization } from '../platform/organization/organization';
import type { Member } from '../identity/member';
import type { OperatorRecord } from '../identity/operator-sign-in';
import type { RevocationReason } from '../identity/sessions';
import type { PlatformOrganizationView } from './schemas';

// `organization`, not `tenantId`: on a stored document that is the partition's (the platform's).
export type RegistryEntry = Omit<PlatformOrganizationView, 'id' | 'createdAt'> & { readonly organization: string };

/**
 * The platform's register of the organisations it took on and its audit log, in the
 * platform-administration partition (one query lists them all, no cross-partition read), as the
 * operator (the seed, a timer) acting. The organisation's own document stays in its own partition
 * and is the truth about its settings; the register mirrors its status. Finds answer undefined.
 */
export interface RegistryStore {
  /** Every registered organisation, suspended ones too, in slug order. */
  listRegistered(): Promise<Stored<RegistryEntry>[]>;
  findRegistered(tenantId: string): Promise<Stored<RegistryEntry> | undefined>;
  /** DocumentExistsError (a ConflictError) when the organisation is on the register already. */
  register(entry: RegistryEntry): Promise<Stored<RegistryEntry>>;
  /** DocumentChangedError (a PreconditionFailedError) when the entry changed since `current` was read. */
  replaceRegistered(current: Stored<RegistryEntry>, next: RegistryEntry): Promise<Stored<RegistryEntry>>;
  /** Appends to the platform's hash-chained log. */
  appendAudit(entry: AuditEntry): Promise<void>;
}

/** What a change of the organisation document decides: its next settings (none: unchanged), the audit record beside it, what to answer. */
export interface OrganizationDecision<R> {
  readonly next?: Organization;
  readonly audit?: AuditEntry;
  readonly result: R;
}

/** What a settings change may ask of the books inside its batch. */
export interface BooksGuard {
  /**
   * Whether nothing is numbered yet, decided inside the batch: the entry counter goes into it
   * unchanged under its ETag (or created at 0), so a post that numbers an entry meanwhile fails
   * one of the two batches. False when something is numbered already (nothing staged).
   */
  nothingPosted(): Promise<boolean>;
}

export interface SessionEnding {
  readonly now: Date;
  readonly reason: RevocationReason;
  readonly by: string;
  /** One member's or operator's sessions; every live one when absent. */
  readonly memberId?: string;
}

/** One organisation's partition, as an operator (or its own admin) acting in it. */
export interface OrganizationStore {
  /**
   * The organisation document, its first admin (`adminId`, with the email index sign-in finds
   * them by) and `audit`, in one batch. DocumentExistsError when the organisation exists: nothing written.
   */
  openOrganization(organization: Organization, adminId: string, admin: Member, audit: AuditEntry): Promise<void>;
  /** The organisation as this request knows it; ConflictError when it has no profile yet. */
  readOrganization(): Promise<Stored<Organization>>;
  /** Whether `documentId` names a document uploaded as the organisation's logo. */
  isLogo(documentId: string): Promise<boolean>;
  /**
   * Changes the organisation through its owner (platform/organization/organization-store.ts)
   * under its ETag, with the decision's audit record in the same batch, retried whole when
   * someone else changed any of it; what `decide` throws ends it with nothing written.
   */
  changeOrganization<R>(
    decide: (organization: Stored<Organization>, books: BooksGuard) => Promise<OrganizationDecision<R>>,
  ): Promise<R>;
  /**
   * Ends at most `limit` of the sessions live at `ending.now` in one batch and answers how many
   * were live. PreconditionFailedError when one changed since it was read: nothing written.
   */
  endLiveSessions(ending: SessionEnding, limit: number): Promise<number>;
}

/** An operator as registered here: the registry entry sign-in and every request read, with who and when. */
export type Operator = OperatorRecord & {
  readonly registeredAt?: string;
  readonly registeredBy?: string;
  readonly deactivatedAt?: string;
  readonly deactivatedBy?: string;
};

/** A platform document as read: its id and the ETag a conditional replace names. */
export type PlatformEntry<T> = T & { readonly id: string; readonly etag: string };

/** The ids of the active operators (operators.ts says why one document holds them). */
export interface Roster {
  readonly active: readonly string[];
}

/** Onboarding's documents of the platform's own, keyed by their id: slugs, operators, the operator roster. */
export interface PlatformOnboardingStore {
  slugTaken(slug: string): Promise<boolean>;
  /** DocumentExistsError (a ConflictError) when the slug is taken. */
  claimSlug(slug: string, tenantId: string): Promise<void>;
  listOperators(): Promise<PlatformEntry<Operator>[]>;
  findOperator(id: string): Promise<PlatformEntry<Operator> | undefined>;
  /** DocumentExistsError when the id is taken. */
  createOperator(id: string, operator: Operator): Promise<void>;
  /** Writes `changes` over `current`; DocumentChangedError when it changed since it was read. */
  changeOperator(current: PlatformEntry<Operator>, changes: Partial<Operator>): Promise<void>;
  findRoster(): Promise<PlatformEntry<Roster> | undefined>;
  /** DocumentExistsError when another request made it first. */
  createRoster(roster: Roster): Promise<void>;
  /** DocumentChangedError when it changed since it was read. */
  replaceRoster(current: PlatformEntry<Roster>, next: Roster): Promise<void>;
}

import { submitPosting } from '../ledger/cosmos-posting-lane';
import { reversalLink, type PostingRequest } from '../ledger/cosmos-posting-writes';
import type { JournalPosting } from '../ledger/journal-store';
import { LedgerRepository } from '../ledger/ledger-repository';
import type { TenantContext } from '../platform/actor';
import { stageAuditRecord } from '../platform/audit/audit-log';
import type { AuditEntry } from '../platform/audit/audit-record';
import { RestrictedRepository, type Tagging } from '../platform/data/restricted-repository';
import type { TenantTransaction } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { stageEmail } from '../platform/email/email-message';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import { applicationType } from './credits';
import type { Settlement, StagedEmail } from './receivables-store';

/** Tagged on themselves and, where they have lines, on every line: an invoice is in reach only with every line. */
const both: Tagging = { self: true, lines: true };

/**
 * The only way receivables code reaches its documents: a restricted repository
 * (../platform/data/restricted-repository.ts) over customers, invoices, receipts, credit notes and
 * applications.
 */
export class ReceivablesRepository extends RestrictedRepository {
  constructor(deps: DomainDependencies, context: TenantContext) {
    super(deps, context, {
      customer: both,
      invoice: both,
      receipt: both,
      'credit-note': both,
      'receivable-application': both,
    });
  }
}

/**
 * One caller's storage, shared by the parts of the receivables store: the restricted repository,
 * and the ledger's repository the postings go through (the caller's restrictions apply to the
 * entry's lines), opened once and only when something posts.
 */
export interface ReceivablesStorage {
  readonly deps: DomainDependencies;
  readonly context: TenantContext;
  readonly repository: ReceivablesRepository;
  readonly ledger: () => Promise<LedgerRepository>;
}

export function receivablesStorage(deps: DomainDependencies, context: TenantContext): ReceivablesStorage {
  let ledger: Promise<LedgerRepository> | undefined;
  return {
    deps,
    context,
    repository: new ReceivablesRepository(deps, context),
    ledger: () => (ledger ??= LedgerRepository.open(deps, context)),
  };
}

/**
 * Posts through the organisation's group-commit lane in the caller's name with the receivables
 * documents staged in the same batch (`stage`, or `numbered` for a document numbered from a
 * gap-free counter of its own), and the reversal link when the entry reverses another.
 */
export async function postWith(
  storage: ReceivablesStorage,
  posting: JournalPosting,
  writes: Pick<PostingRequest, 'stage' | 'numbered'>,
): Promise<void> {
  const { reverses, ...request } = posting;
  const link = reverses ? reversalLink(reverses, posting.entryId) : undefined;
  const stage = (transaction: TenantTransaction) => {
    link?.(transaction);
    writes.stage?.(transaction);
  };
  await submitPosting(storage.deps, {
    ...request,
    repository: await storage.ledger(),
    context: storage.context,
    ...(link || writes.stage ? { stage } : {}),
    ...(writes.numbered ? { numbered: writes.numbered } : {}),
  });
}

/** The applications, then the invoices' new amounts under their ETags. */
export function stageSettlement(transaction: TenantTransaction, settlement: Settlement): void {
  for (const { id, application } of settlement.applications) transaction.create(applicationType, id, application);
  for (const { current, next } of settlement.invoices) transaction.replace(current, next);
}

/** Stages `audit` in the caller's name, stamped now. */
export function stageAudit(storage: ReceivablesStorage, transaction: TenantTransaction, audit: AuditEntry) {
  return stageAuditRecord(storage.repository, transaction, storage.context, audit, storage.deps.clock.now());
}

/** Stages the email under its fixed outbox id, when there is one. */
export function stageStagedEmail(
  storage: ReceivablesStorage,
  transaction: TenantTransaction,
  email: StagedEmail | undefined,
): OutboxTicket | undefined {
  return email ? stageEmail(transaction, storage.deps.ids, email.message, { id: email.outboxId }) : undefined;
}

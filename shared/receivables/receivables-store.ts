import type { Stored } from '../platform/data/stored-document';
import type { EmailToSend } from '../platform/email/email-message';
import { NotFoundError } from '../platform/errors';
import type { Application } from './credits';
import type { Invoice } from './invoice';
import type { InvoiceStore } from './invoice-store';
import type { SettlementStore } from './settlement-store';
import type { StatementStore } from './statement-store';

/** An email an operation sends, staged in its transaction through the outbox under a fixed id (so it is staged once). */
export interface StagedEmail {
  readonly message: EmailToSend;
  readonly outboxId: string;
}

/** A credit applied to invoices, as written: each dated application, then each invoice's new paid and open amounts. */
export interface Settlement {
  readonly applications: ReadonlyArray<{ readonly id: string; readonly application: Application }>;
  readonly invoices: ReadonlyArray<{ readonly current: Stored<Invoice>; readonly next: Invoice }>;
}

/**
 * What receivables need from storage, for one organisation as one caller sees it: customers,
 * receipts, credit notes and applications outside a restricted member's facilities or divisions
 * are not found, and invoices unless every line is in reach (cosmos-receivables-repository.ts);
 * writing one is `ForbiddenError`. Every write is attributed to the caller. Implemented once over
 * Cosmos (cosmos-receivables-store.ts); the postings go through the ledger's group-commit lane with
 * the receivables documents in the same batch. Finds answer undefined; the errors of each write are
 * on its declaration.
 */
export interface ReceivablesStore extends InvoiceStore, SettlementStore, StatementStore {}

/** A store's find as the services answer it: the document, or 404 naming what was not found. */
export function required<T>(found: T | undefined, type: string, id: string): T {
  if (!found) throw new NotFoundError(`No ${type} with id ${id}`);
  return found;
}

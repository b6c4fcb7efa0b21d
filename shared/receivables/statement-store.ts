import type { AuditEntry } from '../platform/audit/audit-record';
import type { Stored } from '../platform/data/stored-document';
import type { OutboxTicket } from '../platform/outbox/outbox-record';
import type { StagedEmail } from './receivables-store';
import type { StatementDelivery, StatementRun } from './statement-run';

/**
 * Statement runs and what each did per customer (receivables-store.ts says what a caller sees;
 * the services let only unrestricted members at runs). `ConflictError` (`DocumentExistsError`)
 * when a run's or a delivery's fixed id is taken: the mark that it already happened.
 */
export interface StatementStore {
  findRun(id: string): Promise<Stored<StatementRun> | undefined>;
  /** Latest first. */
  listRuns(): Promise<Stored<StatementRun>[]>;
  /** The ids of every customer not deleted: who a run starting now considers. */
  customerIdsForRun(): Promise<string[]>;
  /** A new run with its audit record, in one transaction. ConflictError when a run with that id exists. */
  startRun(id: string, run: StatementRun, audit: AuditEntry): Promise<void>;
  /** The run replaced (completed) with its audit record, in one transaction. PreconditionFailedError on a race. */
  finishRun(current: Stored<StatementRun>, next: StatementRun, audit: AuditEntry): Promise<void>;
  hasDelivery(id: string): Promise<boolean>;
  /**
   * What a run did for one customer, with its email staged in the outbox when it sends one, in
   * one transaction; the ticket to dispatch after it. ConflictError when it was recorded already.
   */
  recordStatementDelivery(
    id: string,
    delivery: StatementDelivery,
    email: StagedEmail | undefined,
  ): Promise<OutboxTicket | undefined>;
  deliveriesOf(runId: string): Promise<Stored<StatementDelivery>[]>;
  /** Where an email of the outbox stands (`pending`, `completed`, `undeliverable`...), or null when absent. */
  emailState(outboxId: string): Promise<string | null>;
}

/** One organisation's next statement run, on the schedule. */
export interface ScheduleEntry {
  readonly organization: string;
  readonly dueOn: string;
}

/**
 * When each organisation's next statement run is due: the platform's own partition, not a
 * caller's (like the ledger's close schedule). Errors: `PreconditionFailedError` or
 * `ConflictError` when the entry changed or appeared meanwhile.
 */
export interface StatementScheduleStore {
  findEntry(tenantId: string): Promise<Stored<ScheduleEntry> | undefined>;
  createEntry(entry: ScheduleEntry): Promise<void>;
  saveEntry(current: Stored<ScheduleEntry>, next: ScheduleEntry): Promise<void>;
  /** Every entry due on or before `today`. */
  dueEntries(today: string): Promise<Stored<ScheduleEntry>[]>;
}

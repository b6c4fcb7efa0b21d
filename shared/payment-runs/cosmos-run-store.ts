import type { TenantContext } from '../platform/actor';
import { TenantRepository } from '../platform/data/tenant-repository';
import type { DomainDependencies } from '../platform/domain-dependencies';
import { ForbiddenError } from '../platform/errors';
import { companyBankSettingsId, companyBankSettingsType, type CompanyBankSettings } from './bank-settings';
import { cosmosRunPostings } from './cosmos-run-postings-store';
import { chunkId, paymentRunChunkType, paymentRunType, type PaymentRun, type RunChunk } from './payment-run';
import { reservationId, reservationType, type Reservation } from './run-reservations';
import type { RunStore } from './run-store';

/**
 * The payment-run store over the organisation's partition. Payment runs act for the whole
 * organisation, so a member restricted to some facilities runs none: refused here, before
 * anything is read. Every write of one operation is one transaction.
 */
export function cosmosRunStore(deps: DomainDependencies, context: TenantContext): RunStore {
  const { facilities, divisions } = context.restrictions ?? {};
  if (facilities?.length || divisions?.length)
    throw new ForbiddenError('Payment runs act for the whole organisation: not for a restricted member');
  const repository = new TenantRepository(deps.container, context, deps.clock);
  const byRun = (runId: string) => ({ where: 'c.runId = @runId', parameters: [{ name: '@runId', value: runId }] });
  return {
    findRun: (id) => repository.find<PaymentRun>(paymentRunType, id),
    listRuns: () => repository.queryAll<PaymentRun>(paymentRunType, { orderBy: 'c.createdAt DESC' }),
    async createRun(id, run) {
      await repository.create(paymentRunType, id, run);
    },
    saveRun: ({ current, next }, audit) => repository.transaction().replace(current, next).commitWithAudit(audit),
    async completeProposal({ current, next }, chunks, audit) {
      const transaction = repository.transaction();
      chunks.forEach((payments, index) =>
        transaction.create<RunChunk>(paymentRunChunkType, chunkId(current.id, index), {
          runId: current.id,
          index,
          payments,
        }),
      );
      await transaction.replace(current, next).commitWithAudit(audit);
    },
    async readChunks(runId) {
      const chunks = await repository.queryAll<RunChunk>(paymentRunChunkType, byRun(runId));
      return chunks.sort((a, b) => a.index - b.index);
    },
    findChunk: (runId, index) => repository.find<RunChunk>(paymentRunChunkType, chunkId(runId, index)),
    async editRun(run, chunks, audit) {
      const transaction = repository.transaction();
      for (const chunk of chunks) transaction.replace(chunk.current, chunk.next);
      await transaction.replace(run.current, run.next).commitWithAudit(audit);
    },
    async saveChunk({ current, next }) {
      await repository.replace(current, next);
    },
    listReservations: () => repository.queryAll<Reservation>(reservationType),
    async reserve(runId, bills) {
      const transaction = repository.transaction();
      for (const { billId, existing } of bills) {
        const next: Reservation = { billId, runId, held: true };
        if (existing) transaction.replace(existing, next);
        else transaction.create(reservationType, reservationId(billId), next);
      }
      await transaction.commit();
    },
    heldBy: (runId, billIds) =>
      repository.queryAll<Reservation>(
        reservationType,
        billIds
          ? {
              where: 'c.runId = @runId AND c.held = true AND ARRAY_CONTAINS(@bills, c.billId)',
              parameters: [
                { name: '@runId', value: runId },
                { name: '@bills', value: [...billIds] },
              ],
            }
          : { where: 'c.runId = @runId AND c.held = true', parameters: [{ name: '@runId', value: runId }] },
      ),
    async release(reservations) {
      const transaction = repository.transaction();
      for (const reservation of reservations) transaction.replace(reservation, { ...reservation, held: false });
      await transaction.commit();
    },
    findBankSettings: () => repository.find<CompanyBankSettings>(companyBankSettingsType, companyBankSettingsId),
    async saveBankSettings(current, next, audit) {
      const transaction = repository.transaction();
      if (current) transaction.replace(current, next);
      else transaction.create(companyBankSettingsType, companyBankSettingsId, next);
      await transaction.commitWithAudit(audit);
    },
    ...cosmosRunPostings(deps, repository),
  };
}

import { outboxType, type OutboxRecord } from '../platform/outbox/outbox-record';
import { customerType, type Customer } from './customers';
import { stageAudit, stageStagedEmail, type ReceivablesStorage } from './cosmos-receivables-repository';
import { statementDeliveryType, statementRunType, type StatementDelivery, type StatementRun } from './statement-run';
import type { StatementStore } from './statement-store';

/** Statement runs and deliveries over Cosmos: each record with what belongs to it in one transaction. */
export function cosmosStatementStore(storage: ReceivablesStorage): StatementStore {
  const { repository } = storage;
  return {
    findRun: (id) => repository.find<StatementRun>(statementRunType, id),
    listRuns: () => repository.queryAll<StatementRun>(statementRunType, { orderBy: 'c.createdAt DESC' }),
    async customerIdsForRun() {
      const customers = await repository.queryAll<Customer>(customerType, { where: 'c.deleted = false' });
      return customers.map((customer) => customer.id);
    },
    async startRun(id, run, audit) {
      const transaction = repository.transaction().create(statementRunType, id, run);
      await stageAudit(storage, transaction, audit);
      await transaction.commit();
    },
    async finishRun(current, next, audit) {
      const transaction = repository.transaction().replace(current, next);
      await stageAudit(storage, transaction, audit);
      await transaction.commit();
    },
    hasDelivery: async (id) => (await repository.find(statementDeliveryType, id)) !== undefined,
    async recordStatementDelivery(id, delivery, email) {
      const transaction = repository.transaction().create(statementDeliveryType, id, delivery);
      const ticket = stageStagedEmail(storage, transaction, email);
      await transaction.commit();
      return ticket;
    },
    deliveriesOf: (runId) =>
      repository.queryAll<StatementDelivery>(statementDeliveryType, {
        where: 'c.runId = @run',
        parameters: [{ name: '@run', value: runId }],
      }),
    emailState: async (outboxId) => (await repository.find<OutboxRecord>(outboxType, outboxId))?.state ?? null,
  };
}

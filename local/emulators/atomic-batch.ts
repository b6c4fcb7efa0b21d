/**
 * Closes a measured gap of @vercel/cosmosdb-server: its transactional batches are not atomic
 * (a failed operation leaves the earlier ones applied). Real Cosmos DB applies an atomic batch
 * all-or-nothing: the failed operation reports its own status, every other one 424 (Failed
 * Dependency), and the response is 207 Multi-Status. This handler gives the emulator the same
 * behaviour by snapshotting each touched document before the batch and restoring on failure.
 * The batch body runs synchronously after the request is read, so no other request can
 * interleave between apply and rollback.
 *
 * It must be installed before the emulator's route table is built (its routes capture the
 * handler at load time), which is why it is applied on first import of this module.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

type Doc = Record<string, unknown> & { id: string; _rid: string; _etag: string };

interface EmulatorDocuments {
  delete(id: string, partition: unknown): void;
  _set(data: Doc): Doc;
  _getPartition(data: Doc): unknown;
}

interface EmulatorCollection {
  read(): unknown;
  document(id: string, partition: unknown): { read(): Doc | undefined };
  documents: EmulatorDocuments;
}

interface EmulatorAccount {
  database(id: string): { collection(id: string): EmulatorCollection };
}

interface BatchOperation {
  operationType?: string;
  id?: string;
  partitionKey?: string;
  ifMatch?: string;
  resourceBody?: { id?: string; operations?: unknown[]; condition?: string } | unknown[];
}

interface OperationResult {
  statusCode: number;
  body?: Doc;
}

type Handler = (
  account: EmulatorAccount,
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  params: { dbId: string; collId: string },
) => Promise<unknown>;

const lib = '@vercel/cosmosdb-server/lib';
const batchModule = require(`${lib}/handler/batch-documents`) as { default: Handler };
const operations = require(`${lib}/handler/_document-operations`) as Record<
  string,
  (collection: EmulatorCollection, input: BatchOperation) => OperationResult
>;
const { patchOperation } = require(`${lib}/handler/_patch-operations`) as {
  patchOperation: (
    collection: EmulatorCollection,
    input: { id?: string; partitionKey?: string; ifMatch?: string; operations: unknown[]; condition?: string },
  ) => OperationResult;
};
const readJson = (require(`${lib}/json`) as { default: (req: unknown) => Promise<unknown> }).default;
const { parsePartitionKey } = require(`${lib}/utils/get-partition-from-header`) as {
  parsePartitionKey: (header: string | undefined, fallback: string) => unknown;
};

const operationByType: Record<string, string> = {
  Create: 'createOperation',
  Upsert: 'upsertOperation',
  Read: 'readOperation',
  Delete: 'deleteOperation',
  Replace: 'replaceOperation',
  Patch: 'patchOperation',
};

const { default: query } = require('@zeit/cosmosdb-query') as {
  default: (text: string) => { exec(documents: unknown[], options: object): { result: unknown[] } };
};

/**
 * The emulator patches single documents but refuses Patch inside a batch; real Cosmos accepts it
 * there, with the body `{ operations, condition }` or a bare list. The condition is checked here
 * against the one document in its partition: the emulator's own check runs the condition as a
 * query over the whole container (so another organisation's document with the same id could
 * satisfy it, and every patch costs a scan) and lower-cases it.
 */
function batchPatch(collection: EmulatorCollection, input: BatchOperation): OperationResult {
  const body = input.resourceBody;
  const operations = Array.isArray(body) ? body : (body?.operations ?? []);
  const condition = Array.isArray(body) ? undefined : body?.condition;
  if (condition && input.id !== undefined) {
    const current = collection.document(input.id, parsePartitionKey(input.partitionKey, input.id)).read();
    const where = /^\s*from\s+c\s+where\s+/i.exec(condition);
    if (!where) return { statusCode: 400 };
    const matches = current
      ? query(`SELECT * FROM c WHERE ${condition.slice(where[0].length)}`).exec([current], {}).result
      : [];
    if (current && matches.length === 0) return { statusCode: 412 };
  }
  return patchOperation(collection, { ...input, operations });
}

function headerIsTrue(req: import('node:http').IncomingMessage, name: string): boolean {
  return String(req.headers[name] ?? '').toLowerCase() === 'true';
}

const atomicBatch: Handler = async (account, req, res, { dbId, collId }) => {
  const body = await readJson(req);
  const atomic = headerIsTrue(req, 'x-ms-cosmos-batch-atomic');
  const continueOnError = headerIsTrue(req, 'x-ms-cosmos-batch-continue-on-error');
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) {
    res.statusCode = 404;
    return {};
  }
  if (!Array.isArray(body)) {
    res.statusCode = 400;
    return { message: 'Invalid request body' };
  }
  // Operations without their own partition key belong to the batch's (the request header);
  // the emulator's operation helpers only look at the operation, so fill it in.
  const batchPartitionKey = req.headers['x-ms-documentdb-partitionkey'];
  const inputs = (body as BatchOperation[]).map((input) => ({
    ...input,
    partitionKey: input?.partitionKey ?? (Array.isArray(batchPartitionKey) ? batchPartitionKey[0] : batchPartitionKey),
  }));
  const unsupported = inputs.find((input) => !operationByType[input?.operationType ?? '']);
  if (unsupported) {
    res.statusCode = 400;
    return { message: `Operation type '${unsupported?.operationType}' is not supported in Batch.` };
  }

  const snapshots = new Map<string, { id: string; partition: unknown; before: Doc | undefined }>();
  const results: OperationResult[] = [];
  let failedAt = -1;
  for (const [index, input] of inputs.entries()) {
    if (failedAt >= 0 && !continueOnError) break;
    const id = input.id ?? (Array.isArray(input.resourceBody) ? undefined : input.resourceBody?.id);
    if (atomic && id !== undefined) {
      const partition = parsePartitionKey(input.partitionKey, id);
      const key = JSON.stringify([partition, id]);
      if (!snapshots.has(key)) {
        snapshots.set(key, { id, partition, before: collection.document(id, partition).read() });
      }
    }
    const run =
      input.operationType === 'Patch' ? batchPatch : operations[operationByType[input.operationType ?? ''] ?? ''];
    const result = run!(collection, input);
    results.push(result);
    if (result.statusCode >= 400 && failedAt < 0) failedAt = index;
  }

  if (atomic && failedAt >= 0) {
    for (const { id, partition, before } of [...snapshots.values()].reverse()) {
      const current = collection.document(id, partition).read();
      if (current) collection.documents.delete(id, partition);
      if (before) collection.documents._set(before);
    }
    res.statusCode = 207;
    return inputs.map((_, index) =>
      index === failedAt
        ? { statusCode: results[index]!.statusCode, requestCharge: 0 }
        : { statusCode: 424, requestCharge: 0 },
    );
  }

  return inputs.map((_, index) => {
    const result = results[index];
    if (!result) return { statusCode: 424, requestCharge: 0 };
    if (result.statusCode >= 400) return { statusCode: result.statusCode, requestCharge: 0 };
    return { statusCode: result.statusCode, requestCharge: 1, eTag: result.body?._etag, resourceBody: result.body };
  });
};

batchModule.default = atomicBatch;

export const atomicBatchInstalled = true;

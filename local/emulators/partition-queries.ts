/**
 * Closes a measured gap of @vercel/cosmosdb-server: it runs every query over every document of
 * the container, so a query naming one organisation's partition costs as much as the whole
 * database and grows with every other organisation's history. Real Cosmos DB serves such a query
 * from that partition alone. Here each container keeps the ids of every partition's documents,
 * and a query sent with a partition key header runs over that partition only; a cross-partition
 * query still sees everything. Results are the same documents either way (the partition key is
 * part of every query the app sends to one partition), only the cost changes, which is what
 * benchmarks of reports and of the load over a growing history must see.
 *
 * Installed before the emulator's route table is built (see atomic-batch.ts for why).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { IncomingMessage, ServerResponse } from 'node:http';

type Doc = Record<string, unknown> & { _rid: string };
type QueryOptions = { maxItemCount: number | null; continuation: unknown };

interface EmulatorItems {
  _data: Map<string, { read(): Doc | undefined }>;
  _partitions?: Map<string, Set<string>>;
  _parent: { read(): unknown };
  _getPartition(data: Doc): unknown;
  _item(keyPath: string, value: unknown, partition: unknown): { read(): Doc | undefined };
  // Properties, not methods: they are taken off the prototype and called with their `this`.
  _set: (this: EmulatorItems, data: Doc) => Doc;
  delete: (this: EmulatorItems, idOrRid: string, partition: unknown) => void;
  query: (this: EmulatorItems, params: { query: string }, options: QueryOptions, partition?: unknown) => unknown;
}

const lib = '@vercel/cosmosdb-server/lib';
const items = (require(`${lib}/account/items`) as { default: { prototype: EmulatorItems } }).default.prototype;
const queryModule = require(`${lib}/handler/query-documents`) as {
  default: (account: unknown, req: IncomingMessage, res: ServerResponse, params: object) => Promise<unknown>;
};
const { parsePartitionKey } = require(`${lib}/utils/get-partition-from-header`) as {
  parsePartitionKey: (header: string | undefined, fallback: string) => unknown;
};

const keyOf = (partition: unknown) => JSON.stringify(partition ?? null);

function partitionsOf(container: EmulatorItems): Map<string, Set<string>> {
  container._partitions ??= new Map();
  return container._partitions;
}

const originalSet = items._set;
items._set = function set(this: EmulatorItems, data: Doc): Doc {
  const partitions = partitionsOf(this);
  const key = keyOf(this._getPartition(data));
  let rids = partitions.get(key);
  if (!rids) partitions.set(key, (rids = new Set()));
  rids.add(data._rid);
  return originalSet.call(this, data);
};

const originalDelete = items.delete;
items.delete = function remove(this: EmulatorItems, idOrRid: string, partition: unknown): void {
  const existing = this._item('/id', idOrRid, partition).read();
  originalDelete.call(this, idOrRid, partition);
  if (existing)
    partitionsOf(this)
      .get(keyOf(this._getPartition(existing)))
      ?.delete(existing._rid);
};

const originalQuery = items.query;
items.query = function query(
  this: EmulatorItems,
  params: { query: string },
  options: QueryOptions,
  partition?: unknown,
): unknown {
  if (partition === undefined) return originalQuery.call(this, params, options);
  // The original reads `this._data`; hand it a view holding only this partition's documents.
  const rids = partitionsOf(this).get(keyOf(partition)) ?? new Set<string>();
  const data = new Map([...rids].map((rid) => [rid, this._data.get(rid)!] as const));
  return originalQuery.call(Object.assign(Object.create(this) as EmulatorItems, { _data: data }), params, options);
};

const originalHandler = queryModule.default;
queryModule.default = (account, req, res, params) => {
  const header = req.headers['x-ms-documentdb-partitionkey'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return originalHandler(account, req, res, params);
  const partition = parsePartitionKey(value, '');
  // The handler reaches the container through `collection.documents.query(body, options)`;
  // the partition rides along on this one call.
  const scoped = new Proxy(account as object, {
    get(target, property, receiver) {
      const found = Reflect.get(target, property, receiver) as unknown;
      if (property !== 'database' || typeof found !== 'function') return found;
      return (dbId: string) => {
        const database = (found as (id: string) => { collection(id: string): object }).call(target, dbId);
        return {
          collection(collId: string) {
            const collection = database.collection(collId) as { documents: EmulatorItems; read(): unknown };
            return {
              read: () => collection.read(),
              documents: {
                query: (body: { query: string }, options: QueryOptions) =>
                  collection.documents.query(body, options, partition),
              },
            };
          },
        };
      };
    },
  });
  return originalHandler(scoped, req, res, params);
};

export const partitionQueriesInstalled = true;

/**
 * Closes measured gaps of @vercel/cosmosdb-server in how it answers queries:
 * - It ran every query over every document of the container, so a query sent to one
 *   organisation's partition also returned other partitions' documents that matched, and cost as
 *   much as the whole database. Cosmos serves such a query from that partition alone; here each
 *   container keeps the ids of every partition's documents and such a query sees only those.
 * - Within a partition, Cosmos finds documents by id and a type's documents through its indexes;
 *   the emulator read them all. A query of named ids (the pipeline's `findEach`) reads just
 *   those, and the repository's queries, which all begin `c.tenantId = @tenantId AND c.type =
 *   @type` (then at most one parenthesised condition, ANDed), read only that type's documents.
 *   The answer is the same documents; only the cost changes, which is what benchmarks of reports
 *   and of the load over a growing history must see.
 * - A query across partitions that begins `c.type = @type` (the outbox sweep, every minute) read
 *   every document of every organisation, holding the single-threaded emulator for seconds once
 *   the load had written enough: every request waited (the load's one slow 10-second window).
 *   Cosmos serves it from its index of `type`; here it reads only that type's documents.
 * - The SDK asks for a query plan beside every query; the emulator ran the query across the whole
 *   container to answer it. Cosmos plans without reading documents, and so does this.
 *
 * Installed before the emulator's route table is built (see atomic-batch.ts for why).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { IncomingMessage, ServerResponse } from 'node:http';

type Doc = Record<string, unknown> & { _rid: string };
type QueryOptions = { maxItemCount: number | null; continuation: unknown };
type QueryBody = { query: string; parameters?: { name: string; value: unknown }[] };

interface EmulatorItems {
  _data: Map<string, { read(): Doc | undefined }>;
  _partitions?: Map<string, Set<string>>;
  /** Per partition and type (`[partition, type]` as JSON): the rids of its documents. */
  _types?: Map<string, Set<string>>;
  /** Per type across partitions (the type as JSON): the rids of its documents. */
  _allTypes?: Map<string, Set<string>>;
  _parent: { read(): unknown };
  _getPartition(data: Doc): unknown;
  _item(keyPath: string, value: unknown, partition: unknown): { read(): Doc | undefined };
  // Properties, not methods: they are taken off the prototype and called with their `this`.
  _set: (this: EmulatorItems, data: Doc) => Doc;
  delete: (this: EmulatorItems, idOrRid: string, partition: unknown) => void;
  query: (this: EmulatorItems, params: QueryBody, options: QueryOptions, partition?: unknown) => unknown;
}

const lib = '@vercel/cosmosdb-server/lib';
const items = (require(`${lib}/account/items`) as { default: { prototype: EmulatorItems } }).default.prototype;
const queryModule = require(`${lib}/handler/query-documents`) as {
  default: (account: unknown, req: IncomingMessage, res: ServerResponse, params: object) => Promise<unknown>;
};
const readJson = (require(`${lib}/json`) as { default: (req: IncomingMessage) => Promise<unknown> }).default;
const queryPlan = {
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: { distinctType: 'None', orderBy: [], orderByExpressions: [], aggregates: [], rewrittenQuery: '' },
  queryRanges: [{ min: '', max: 'FF', isMinInclusive: true, isMaxInclusive: false }],
};
const { parsePartitionKey } = require(`${lib}/utils/get-partition-from-header`) as {
  parsePartitionKey: (header: string | undefined, fallback: string) => unknown;
};

const keyOf = (partition: unknown) => JSON.stringify(partition ?? null);
const typeKeyOf = (partition: unknown, type: unknown) => JSON.stringify([partition ?? null, type ?? null]);

function add(index: Map<string, Set<string>>, key: string, rid: string): void {
  let rids = index.get(key);
  if (!rids) index.set(key, (rids = new Set()));
  rids.add(rid);
}

function indexesOf(container: EmulatorItems) {
  container._partitions ??= new Map();
  container._types ??= new Map();
  container._allTypes ??= new Map();
  return { partitions: container._partitions, types: container._types, allTypes: container._allTypes };
}

const originalSet = items._set;
items._set = function set(this: EmulatorItems, data: Doc): Doc {
  const { partitions, types, allTypes } = indexesOf(this);
  const partition = this._getPartition(data);
  const before = this._data.get(data._rid)?.read();
  if (before) types.get(typeKeyOf(partition, before.type))?.delete(data._rid);
  if (before) allTypes.get(keyOf(before.type))?.delete(data._rid);
  add(partitions, keyOf(partition), data._rid);
  add(types, typeKeyOf(partition, data.type), data._rid);
  add(allTypes, keyOf(data.type), data._rid);
  return originalSet.call(this, data);
};

const originalDelete = items.delete;
items.delete = function remove(this: EmulatorItems, idOrRid: string, partition: unknown): void {
  const existing = this._item('/id', idOrRid, partition).read();
  originalDelete.call(this, idOrRid, partition);
  if (!existing) return;
  const { partitions, types, allTypes } = indexesOf(this);
  const stored = this._getPartition(existing);
  partitions.get(keyOf(stored))?.delete(existing._rid);
  types.get(typeKeyOf(stored, existing.type))?.delete(existing._rid);
  allTypes.get(keyOf(existing.type))?.delete(existing._rid);
};

const typedQuery =
  /^SELECT .+? FROM c WHERE (?:c\.tenantId = @tenantId AND )?c\.type = @type(?<rest>.*?)(?: ORDER BY [\w.,\s]+)?$/s;

/** Whether `rest` is nothing, or ` AND (…)` whose first parenthesis closes at its very end. */
function onlyAndedGroup(rest: string): boolean {
  if (rest === '') return true;
  if (!rest.startsWith(' AND (') || !rest.endsWith(')')) return false;
  let depth = 0;
  let quoted = false;
  for (let i = ' AND '.length; i < rest.length; i += 1) {
    if (rest[i] === "'" && rest[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (rest[i] === '(') depth += 1;
    if (rest[i] === ')') depth -= 1;
    if (depth === 0 && i < rest.length - 1) return false;
  }
  return depth === 0 && !quoted;
}

/** The type every document the query can return has, when its text says so; otherwise undefined. */
function typeOfQuery(params: QueryBody): unknown {
  const match = typedQuery.exec(params.query.trim());
  if (!match || !onlyAndedGroup(match.groups?.rest ?? '')) return undefined;
  return params.parameters?.find((parameter) => parameter.name === '@type')?.value;
}

const idQuery = /^SELECT \* FROM c WHERE c\.tenantId = @tenantId AND ARRAY_CONTAINS\(@ids, c\.id\)$/;

/** The ids a query asks for by name (the request pipeline's `findEach`), served from the id index as Cosmos does. */
function idsOfQuery(params: QueryBody): unknown[] | undefined {
  if (!idQuery.test(params.query.trim())) return undefined;
  const ids = params.parameters?.find((parameter) => parameter.name === '@ids')?.value;
  return Array.isArray(ids) ? ids : undefined;
}

/** The documents a query to one partition can return: by id or by type where its text says so, else the partition. */
function candidates(container: EmulatorItems, params: QueryBody, partition: unknown): Iterable<string> {
  const { partitions, types } = indexesOf(container);
  const ids = idsOfQuery(params);
  if (ids) return ids.flatMap((id) => container._item('/id', id, partition).read()?._rid ?? []);
  const type = typeOfQuery(params);
  const rids = type === undefined ? partitions.get(keyOf(partition)) : types.get(typeKeyOf(partition, type));
  return rids ?? [];
}

const originalQuery = items.query;
items.query = function query(
  this: EmulatorItems,
  params: QueryBody,
  options: QueryOptions,
  partition?: unknown,
): unknown {
  const type = partition === undefined ? typeOfQuery(params) : undefined;
  if (partition === undefined && type === undefined) return originalQuery.call(this, params, options);
  // The original reads `this._data`; hand it a view holding only the documents it can return.
  const rids =
    partition === undefined ? (indexesOf(this).allTypes.get(keyOf(type)) ?? []) : candidates(this, params, partition);
  const data = new Map([...rids].map((rid) => [rid, this._data.get(rid)!] as const));
  return originalQuery.call(Object.assign(Object.create(this) as EmulatorItems, { _data: data }), params, options);
};

const originalHandler = queryModule.default;
queryModule.default = async (account, req, res, params) => {
  // The SDK asks for a query's plan beside every query and uses it only when the query itself is
  // refused as needing one, which this emulator never does; Cosmos plans without reading documents.
  if (String(req.headers['x-ms-cosmos-is-query-plan-request']).toLowerCase() === 'true') {
    await readJson(req);
    return queryPlan;
  }
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
                query: (body: QueryBody, options: QueryOptions) => collection.documents.query(body, options, partition),
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

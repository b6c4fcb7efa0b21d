import type { Container } from '@azure/cosmos';
import { recordIdPattern } from '../ids';
import { translateCosmosError } from './cosmos-errors';
import { fromResource, type Stored } from './stored-document';

/** A document wanted by its type and id. */
export interface DocumentRef {
  readonly type: string;
  readonly id: string;
}

/**
 * Several documents of one partition in one query (where point reads would be one round trip
 * each): the request pipeline's session, member, address block and organisation. Each answer is
 * the stored document, or undefined when there is none of that id and type, as `find` answers.
 */
export async function readEach(
  container: Container,
  tenantId: string,
  refs: readonly DocumentRef[],
): Promise<(Stored<Record<string, unknown>> | undefined)[]> {
  const ids = [...new Set(refs.map((ref) => ref.id).filter((id) => recordIdPattern.test(id)))];
  if (ids.length === 0) return refs.map(() => undefined);
  try {
    const { resources } = await container.items
      .query<Record<string, unknown>>(
        {
          query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND ARRAY_CONTAINS(@ids, c.id)',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@ids', value: ids },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return refs.map((ref) => {
      const found = resources.find((resource) => resource.id === ref.id && resource.type === ref.type);
      return found && found.tenantId === tenantId ? fromResource<Record<string, unknown>>(found) : undefined;
    });
  } catch (error) {
    throw translateCosmosError(error, refs.map((ref) => `${ref.type} ${ref.id}`).join(', '));
  }
}

/**
 * Every record type in a partition, in order: one indexed lookup per type (the next type after
 * the last one found), never a scan, so a data export can go type by type.
 */
export async function recordTypesIn(container: Container, tenantId: string): Promise<string[]> {
  const types: string[] = [];
  for (;;) {
    try {
      const { resources } = await container.items
        .query<{ type: string }>(
          {
            query: 'SELECT TOP 1 c.type FROM c WHERE c.tenantId = @tenantId AND c.type > @after ORDER BY c.type',
            parameters: [
              { name: '@tenantId', value: tenantId },
              { name: '@after', value: types.at(-1) ?? '' },
            ],
          },
          { partitionKey: tenantId },
        )
        .fetchAll();
      if (!resources[0]) return types;
      types.push(resources[0].type);
    } catch (error) {
      throw translateCosmosError(error, 'record types');
    }
  }
}

import { z } from 'zod';

/** The platform's operators as operator administration sees and registers them. */
export const newOperator = z
  .object({
    email: z.email().meta({ description: 'Their account in the platform’s own Entra tenant' }),
    entraObjectId: z
      .uuid()
      .optional()
      .meta({ description: 'Their Entra object id (`oid`): when given, only that account signs in as them' }),
    administration: z.boolean().default(false).meta({ description: 'Takes organisations on, suspends them' }),
    operators: z.boolean().default(false).meta({ description: 'Registers and deactivates operators' }),
  })
  .strict();
export type NewOperator = z.infer<typeof newOperator>;

export const operatorView = z
  .object({
    id: z.string(),
    email: z.string(),
    entraObjectId: z.string().nullable(),
    active: z.boolean(),
    administration: z.boolean(),
    operators: z.boolean(),
    registeredAt: z.string().nullable(),
    deactivatedAt: z.string().nullable(),
  })
  .meta({ id: 'PlatformOperator' });
export type OperatorView = z.infer<typeof operatorView>;
export const operatorList = z.object({ items: z.array(operatorView) });
export const operatorParams = z.object({ id: z.string().regex(/^operator-[0-9a-f]{40}$/, 'an operator id') });

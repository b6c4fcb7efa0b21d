import { z } from 'zod';

/**
 * Facilities and divisions: two managed lists per organisation. An entry's code is its id: fixed
 * once created, it is what lines, accounts, member restrictions and report filters carry in their
 * `facility` / `division` fields (the fields kept their names, so stored records and posted
 * entries, which are never rewritten, stay valid). The name is the label and can change.
 */
export const dimensionKinds = ['facility', 'division'] as const;
export type DimensionKind = (typeof dimensionKinds)[number];

/** What free text these fields held before (any text up to 100 characters), minus what no URL path can carry. */
export const dimensionCode = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^/\\?#\p{Cc}]+$/u, 'no "/", "\\", "?", "#" or control characters')
  .meta({ description: 'The entry’s id: fixed once created; what lines and restrictions carry' });

export const newDimension = z.object({ code: dimensionCode, name: z.string().trim().min(1).max(200) }).strict();
export type NewDimension = z.infer<typeof newDimension>;

export const dimensionChanges = newDimension
  .pick({ name: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((changes) => changes.name !== undefined || changes.active !== undefined, 'name or active');
export type DimensionChanges = z.infer<typeof dimensionChanges>;

export const dimensionParams = z.object({ code: dimensionCode });
export const dimensionListQuery = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

export const dimensionView = z
  .object({ code: z.string(), name: z.string(), active: z.boolean() })
  .meta({ id: 'DimensionEntry' });
export type DimensionView = z.infer<typeof dimensionView>;
export const dimensionList = z.object({ items: z.array(dimensionView) });

export const dimensionMigrationResult = z
  .object({
    created: z.object({ facilities: z.array(z.string()), divisions: z.array(z.string()) }),
    documentsRead: z
      .record(z.string(), z.number().int().nonnegative())
      .meta({ description: 'Documents read per stored type that can carry a facility or division' }),
  })
  .meta({ id: 'DimensionMigration' });
export type DimensionMigrationResult = z.infer<typeof dimensionMigrationResult>;

/** What the platform's operator gets back: the request every organisation's records name, and how many were queued. */
export const platformDimensionMigration = z
  .object({ request: z.string(), organizations: z.number().int().nonnegative() })
  .meta({ id: 'PlatformDimensionMigration' });
export type PlatformDimensionMigration = z.infer<typeof platformDimensionMigration>;

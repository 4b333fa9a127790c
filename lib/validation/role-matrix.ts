import { z } from 'zod';
import { isSystemPermission } from '@/lib/access/catalogue';
import { PRIVILEGE_MAX_LENGTH, PRIVILEGE_NAME } from './access';
import { textSchema } from './primitives';

/** A matrix row: a system permission, or a custom privilege named as the access issue allows. */
export const matrixGrantName = textSchema({ error: 'Pick a permission.' })
  .max(PRIVILEGE_MAX_LENGTH, 'That is not a permission or privilege name.')
  .refine((name) => isSystemPermission(name) || PRIVILEGE_NAME.test(name), 'That is not a permission or privilege name.');

/** One click in the matrix: grant or take away one name on one role, as of the role's version the viewer saw. */
export const toggleMatrixCellSchema = z.object({
  roleId: z.uuid('Pick a role.'),
  name: matrixGrantName,
  granted: z.boolean({ error: 'Say whether to grant or remove it.' }),
  version: z.number({ error: 'The role’s version is missing.' }).int().min(1),
});
export type ToggleMatrixCellInput = z.infer<typeof toggleMatrixCellSchema>;

/** The current state of some roles' columns (after a refusal, to put the cells back as they are). */
export const matrixColumnsSchema = z.object({
  roleIds: z.array(z.uuid()).min(1).max(100),
});

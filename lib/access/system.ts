import { BUILTIN_GRANTS } from './builtin-roles';
import { PERMISSIONS } from './catalogue';
import { PermissionSpace } from './permission-space';

/** The permission space of the product's own catalogue. */
export const SYSTEM_SPACE = new PermissionSpace(PERMISSIONS);

export { BUILTIN_GRANTS };

import { BUILTIN_GRANTS } from './builtin-roles';

/** The permission space of the product's own catalogue (defined beside it, so a permission's bit is fixed there). */
export { SYSTEM_SPACE } from './catalogue';

export { BUILTIN_GRANTS };

import { fetchResult } from '@/lib/http/fetch-result';
import type { RoleOptions } from '../role-options/route';

export type { RoleOptions };

/** The roles the actor may hand out and what they hold (GET /settings/users/role-options). */
export const fetchRoleOptions = () => fetchResult<RoleOptions>('/settings/users/role-options');

'use server';

import { publicAction } from '@/lib/actions/result';
import { confirmContactEmail } from '@/lib/dal/profile/my-profile';
import { contactEmailTokenSchema } from '@/lib/validation/profile';

/** Confirms a contact email through its link. Public: the token is the credential, and it works once. */
export const confirmContactEmailAction = publicAction(contactEmailTokenSchema, async ({ token }, { meta }) => confirmContactEmail(token, meta));

import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt } from './columns';
import { loginType } from './memberships';
import { roles } from './roles';
import { users } from './users';

/**
 * An invitation to join an account. Its status is derived, never stored: Completed once accepted, Revoked
 * once revoked, Expired once `expires_at` passes (no job needed), Waiting otherwise. Its links are in
 * invitation_links (several may work at once).
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    firstName: text().notNull().default(''),
    lastName: text().notNull().default(''),
    /**
     * The role it offers. Deleting a role moves the open invitations that offer it along with its members
     * (lib/dal/roles/delete-role.ts); an accepted or revoked one is history and keeps no role (shown as deleted).
     */
    roleId: uuid().references(() => roles.id, { onDelete: 'set null' }),
    loginType: loginType().notNull().default('local'),
    /**
     * Navigation and permission adjustments chosen in Add user for someone who already had a login: applied
     * to the membership when they accept (checked against the sender's access when it was made).
     */
    overrides: jsonb().$type<InvitationOverrides>().notNull().default({ grants: [], denies: [], hiddenModules: [] }),
    /**
     * Where the person is placed when they accept (issue 16): departments and a primary team of the account,
     * chosen in Add user or the invite dialog. Ids that no longer exist by then are skipped.
     */
    placement: jsonb().$type<InvitationPlacement>().notNull().default({ departmentIds: [], teamId: null }),
    /** Temporary invitation: the membership's access ends here. */
    accessExpiresAt: timestamp({ withTimezone: true }),
    sentByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    sentByName: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // One open invitation per address and account: a second invite refreshes it instead.
    uniqueIndex('invitations_one_open_per_email')
      .on(t.accountId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_account_created_idx').on(t.accountId, t.createdAt),
    check('invitations_email_shape', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$' and char_length(${t.email}) <= 254`),
    check('invitations_link_ends_by_access_end', sql`${t.accessExpiresAt} is null or ${t.expiresAt} <= ${t.accessExpiresAt}`),
    check('invitations_not_both_closed', sql`${t.acceptedAt} is null or ${t.revokedAt} is null`),
    check('invitations_open_has_role', sql`${t.roleId} is not null or ${t.acceptedAt} is not null or ${t.revokedAt} is not null`),
  ],
);

/** Departments and a primary team for the membership an invitation creates. */
export interface InvitationPlacement {
  departmentIds: string[];
  teamId: string | null;
  /** Groups to join (their roles come with them); absent in invitations sent before groups existed. */
  groupIds?: string[];
}

export const invitationLinkPurposes = ['mail', 'copy'] as const;
export type InvitationLinkPurpose = (typeof invitationLinkPurposes)[number];
export const invitationLinkPurpose = pgEnum('invitation_link_purpose', invitationLinkPurposes);

/**
 * The links of an invitation, several at once (the mailed ones, links copied to hand over), so copying a
 * link never breaks the one already mailed. Each carries a random token; only its SHA-256 is stored. A link
 * works while its invitation is Waiting: accepting through any link, revoking or the invitation's expiry
 * ends them all. Inviting the address again ends them (new terms, new link); at most 20 at once.
 */
export const invitationLinks = pgTable(
  'invitation_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    invitationId: uuid()
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    purpose: invitationLinkPurpose().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('invitation_links_token_hash_unique').on(t.tokenHash), index('invitation_links_invitation_idx').on(t.invitationId, t.createdAt)],
);

export interface InvitationOverrides {
  grants: string[];
  denies: string[];
  hiddenModules: string[];
}

export type Invitation = typeof invitations.$inferSelect;
export type InvitationLink = typeof invitationLinks.$inferSelect;

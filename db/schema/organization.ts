import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, foreignKey, index, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt, id, updatedAt } from './columns';
import { memberships } from './memberships';
import { roles } from './roles';

// Issue 16: the account's three organizational structures. Every link row carries the account, and its
// foreign keys pair (account, id) on both sides, so the database itself refuses a link across accounts.
// What foreign keys cannot say lives in migration 0015's SQL: a department tree without cycles and at most
// ten levels deep (a trigger, serialized per account), and a team's responsible person being one of its
// members (a deferred foreign key to team_members that clears itself when that member leaves the team).

const nameRules = (table: string, name: AnyPgColumn, description: AnyPgColumn) => [
  check(`${table}_name_shape`, sql`char_length(${name}) between 1 and 100 and ${name} = btrim(${name})`),
  check(`${table}_description_length`, sql`char_length(${description}) <= 2000`),
];
const emailRule = (table: string, email: AnyPgColumn) =>
  check(`${table}_email_shape`, sql`${email} is null or (char_length(${email}) <= 254 and ${email} ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$')`);

/** The company's structure: a tree (parent optional), with its own email and phone. */
export const departments = pgTable(
  'departments',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    parentId: uuid(),
    name: text().notNull(),
    email: text(),
    /** E.164, as profiles keep phones. */
    phone: text(),
    description: text().notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('departments_account_id_unique').on(t.accountId, t.id),
    uniqueIndex('departments_account_name_unique').on(t.accountId, sql`lower(${t.name})`),
    index('departments_parent_idx').on(t.accountId, t.parentId),
    // A parent is a department of the same account; deleting one with children is refused (move them first).
    foreignKey({ name: 'departments_parent_fk', columns: [t.accountId, t.parentId], foreignColumns: [t.accountId, t.id] }).onDelete('restrict'),
    check('departments_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    check('departments_phone_e164', sql`${t.phone} is null or ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    emailRule('departments', t.email),
    ...nameRules('departments', t.name, t.description),
  ],
);

/** Work management: members, one of them responsible; each member has at most one primary team. */
export const teams = pgTable(
  'teams',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text().notNull().default(''),
    /** One of the team's members (a deferred foreign key to team_members, migration 0015). */
    responsibleMembershipId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('teams_account_id_unique').on(t.accountId, t.id),
    uniqueIndex('teams_account_name_unique').on(t.accountId, sql`lower(${t.name})`),
    ...nameRules('teams', t.name, t.description),
  ],
);

/** People around a common goal, with a shared inbox; a group carries roles, which its members hold. */
export const groups = pgTable(
  'groups',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** The group's shared inbox. */
    email: text(),
    description: text().notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('groups_account_id_unique').on(t.accountId, t.id),
    uniqueIndex('groups_account_name_unique').on(t.accountId, sql`lower(${t.name})`),
    emailRule('groups', t.email),
    ...nameRules('groups', t.name, t.description),
  ],
);

const memberLink = (table: string, structure: AnyPgColumn, structureAccount: AnyPgColumn, structureId: AnyPgColumn, accountId: AnyPgColumn, membershipId: AnyPgColumn) => [
  primaryKey({ name: `${table}_pk`, columns: [structure, membershipId] }),
  index(`${table}_membership_idx`).on(membershipId),
  foreignKey({ name: `${table}_structure_fk`, columns: [accountId, structure], foreignColumns: [structureAccount, structureId] }).onDelete('cascade'),
  foreignKey({ name: `${table}_membership_fk`, columns: [accountId, membershipId], foreignColumns: [memberships.accountId, memberships.id] }).onDelete('cascade'),
];

export const departmentMembers = pgTable(
  'department_members',
  {
    departmentId: uuid().notNull(),
    membershipId: uuid().notNull(),
    accountId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => memberLink('department_members', t.departmentId, departments.accountId, departments.id, t.accountId, t.membershipId),
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid().notNull(),
    membershipId: uuid().notNull(),
    accountId: uuid().notNull(),
    /** The member's primary team: at most one per member, and always one of their teams (it is this row). */
    isPrimary: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    ...memberLink('team_members', t.teamId, teams.accountId, teams.id, t.accountId, t.membershipId),
    uniqueIndex('team_members_one_primary').on(t.membershipId).where(sql`${t.isPrimary}`),
  ],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: uuid().notNull(),
    membershipId: uuid().notNull(),
    accountId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => memberLink('group_members', t.groupId, groups.accountId, groups.id, t.accountId, t.membershipId),
);

/** The roles a group carries: its members hold them as if given directly. */
export const groupRoles = pgTable(
  'group_roles',
  {
    groupId: uuid().notNull(),
    roleId: uuid().notNull(),
    accountId: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'group_roles_pk', columns: [t.groupId, t.roleId] }),
    index('group_roles_role_idx').on(t.roleId),
    foreignKey({ name: 'group_roles_group_fk', columns: [t.accountId, t.groupId], foreignColumns: [groups.accountId, groups.id] }).onDelete('cascade'),
    // A role a group carries cannot be deleted until the group lets go of it (as for members' roles).
    foreignKey({ name: 'group_roles_role_fk', columns: [t.accountId, t.roleId], foreignColumns: [roles.accountId, roles.id] }).onDelete('restrict'),
  ],
);

export type Department = typeof departments.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Group = typeof groups.$inferSelect;

/**
 * Every action the audit log records, by name: recordAudit (lib/dal/core/record-audit.ts) and the bulk inserts take
 * only these, so a misspelt action does not compile. Names are stored as they are, so never rename one:
 * add a new name and keep reading the old (the log is append-only and older entries keep theirs).
 */
export const AUDIT_ACTIONS = [
  // Setup and the account
  'account.setup',
  'account.demo_seeded',
  // Sign-in, sessions and one's own credentials
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'auth.session_revoked',
  'auth.other_sessions_revoked',
  'auth.password_changed',
  'auth.password_change_failed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'session.account_switched',
  'user.activated',
  // Members, as administrators change them
  'member.added',
  'member.activated',
  'member.deactivated',
  'member.approved',
  'member.roles_changed',
  'member.overrides_changed',
  'member.access_end_changed',
  'member.password_set',
  'member.session_revoked',
  'member.activation_resent',
  'member.deleted',
  // Invitations
  'invitation.sent',
  'invitation.refreshed',
  'invitation.resent',
  'invitation.link_renewed',
  'invitation.mail_retried',
  'invitation.revoked',
  'invitation.accepted',
  'invitation.role_changed',
  // Roles
  'role.created',
  'role.updated',
  'role.grant_changed',
  'role.deleted',
  // One's own profile, working hours and leave
  'profile.updated',
  'profile.avatar_changed',
  'profile.avatar_removed',
  'profile.contact_email_changed',
  'profile.contact_email_link_sent',
  'profile.contact_email_verified',
  'profile.phone_changed',
  'profile.phone_code_sent',
  'profile.phone_code_wrong',
  'profile.phone_verified',
  'profile.notifications_changed',
  'profile.schedule_saved',
  'profile.workplace_saved',
  'leave.requested',
  'leave.cancelled',
  'leave.approved',
  'leave.declined',
  // The organization: departments, teams and groups
  'department.created',
  'department.updated',
  'department.deleted',
  'department.members_added',
  'department.members_removed',
  'team.created',
  'team.updated',
  'team.deleted',
  'team.members_added',
  'team.members_removed',
  'member.primary_team_changed',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members_added',
  'group.members_removed',
  // Licences (issue 17)
  'licence.created',
  'licence.updated',
  'licence.deleted',
  'licence.granted',
  'licence.revoked',
  // Mail that could not be delivered
  'mail.failed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

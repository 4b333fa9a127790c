import type { Actor } from '@/lib/access/checks';

/**
 * The actor the data layer takes (what the app derives from the session), for this member in the account
 * they belong to. The name goes into audit entries and mails; the default is createMember's default person.
 */
export function actorOf(member: Pick<Actor, 'userId' | 'membershipId' | 'accountId'>, name = 'Test Person'): Actor {
  return { userId: member.userId, name, accountId: member.accountId, membershipId: member.membershipId };
}

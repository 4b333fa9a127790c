import 'server-only';
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { userTokens, users } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import type { AuditAction } from '@/lib/audit-actions';
import { hashSecretToken, newSecretToken } from '@/lib/auth/session-token';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { contactEmailVerificationMail } from '@/lib/mail/profile-templates';
import { normalizeNotificationPrefs, type NotificationPrefs, type ProfileDetailsInput } from '@/lib/validation/profile';
import { describeWait, limitReached, recentOwnEntries, type SendLimit } from '@/lib/dal/core/send-limits';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';

const CONTACT_EMAIL_LINK_HOURS = 48;
export const RESEND_PAUSE_MS = 30_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

// Counted from the audit log, which nobody can rewrite: changing the number or the address (which drops
// the earlier tokens) does not reset them.
const CONTACT_EMAIL_LINK_LIMITS: SendLimit[] = [
  { windowMs: HOUR_MS, max: 5, reason: 'You have asked for 5 verification links in the last hour.' },
  { windowMs: DAY_MS, max: 10, reason: 'You have asked for 10 verification links in the last 24 hours.' },
];

export interface MyProfile {
  firstName: string;
  lastName: string;
  email: string;
  /** The address notifications go to right now: the verified contact email, else the login email. */
  notificationEmail: string;
  contactEmail: string | null;
  contactEmailVerified: boolean;
  phone: string | null;
  phoneVerified: boolean;
  /** An unexpired code is waiting for the current phone. */
  phoneCodePending: boolean;
  description: string;
  avatarKey: string | null;
  notificationPrefs: NotificationPrefs;
}

/** The signed-in person's own profile. Needs only a session: it is their own data. */
export async function getMyProfile(actor: Actor): Promise<MyProfile> {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!row) throw new DalError('not_found', 'Your login no longer exists.');
  const [pending] = row.phone
    ? await db
        .select({ tokenHash: userTokens.tokenHash })
        .from(userTokens)
        .where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'phone'), eq(userTokens.subject, row.phone), isNull(userTokens.usedAt), gte(userTokens.expiresAt, now())))
        .limit(1)
    : [];
  const contactEmailVerified = Boolean(row.contactEmail && row.contactEmailVerifiedAt);
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    notificationEmail: contactEmailVerified ? row.contactEmail! : row.email,
    contactEmail: row.contactEmail,
    contactEmailVerified,
    phone: row.phone,
    phoneVerified: Boolean(row.phone && row.phoneVerifiedAt),
    phoneCodePending: Boolean(pending),
    description: row.description,
    avatarKey: row.avatarKey,
    notificationPrefs: normalizeNotificationPrefs(row.notificationPrefs),
  };
}

/** One audit entry about the actor's own login (every profile change has one). */
export async function audit(tx: Tx, actor: Actor, action: AuditAction, change: { before?: unknown; after?: unknown }, meta?: RequestMeta) {
  await recordAudit(tx, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    actorName: actor.name,
    action,
    targetType: 'user',
    targetId: actor.userId,
    targetLabel: actor.name,
    ...change,
    meta,
  });
}

/** Saves my name and description. The name shows across the app from the next page on. */
export async function updateMyDetails(actor: Actor, input: ProfileDetailsInput, meta?: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ firstName: users.firstName, lastName: users.lastName, description: users.description }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!before) throw new DalError('not_found', 'Your login no longer exists.');
    await tx.update(users).set({ firstName: input.firstName, lastName: input.lastName, description: input.description, updatedAt: now() }).where(eq(users.id, actor.userId));
    await audit(
      tx,
      { ...actor, name: `${input.firstName} ${input.lastName}`.trim() },
      'profile.updated',
      {
        before: { firstName: before.firstName, lastName: before.lastName, descriptionChanged: false },
        after: { firstName: input.firstName, lastName: input.lastName, descriptionChanged: before.description !== input.description },
      },
      meta,
    );
  });
}

export type ContactEmailOutcome = 'login_email' | 'verification_sent' | 'unchanged';

/**
 * Sets where my notifications go. Empty (or my login email) means the login email. Any other address is
 * used only once verified: a single-use link (48 hours) goes to it through the outbox, in this transaction.
 */
export async function setMyContactEmail(actor: Actor, address: string | null, links: { origin: string }, meta?: RequestMeta): Promise<ContactEmailOutcome> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email, firstName: users.firstName, contactEmail: users.contactEmail, verifiedAt: users.contactEmailVerifiedAt }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user) throw new DalError('not_found', 'Your login no longer exists.');
    const target = address && address.toLowerCase() !== user.email.toLowerCase() ? address.toLowerCase() : null;
    if (target === null) {
      if (user.contactEmail === null) return 'unchanged';
      await tx.update(users).set({ contactEmail: null, contactEmailVerifiedAt: null, updatedAt: now() }).where(eq(users.id, actor.userId));
      await tx.delete(userTokens).where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'contact_email')));
      await audit(tx, actor, 'profile.contact_email_changed', { before: { contactEmail: user.contactEmail }, after: { contactEmail: null } }, meta);
      return 'login_email';
    }
    if (user.contactEmail === target && user.verifiedAt) return 'unchanged';
    await tx.update(users).set({ contactEmail: target, contactEmailVerifiedAt: null, updatedAt: now() }).where(eq(users.id, actor.userId));
    await sendContactEmailLink(tx, actor, { address: target, firstName: user.firstName }, links, meta);
    await audit(tx, actor, 'profile.contact_email_changed', { before: { contactEmail: user.contactEmail }, after: { contactEmail: target, verified: false } }, meta);
    return 'verification_sent';
  });
}

/** Sends the verification link for my unverified contact email again (at most every 30 seconds, 5 an hour, 10 a day). */
export async function resendMyContactEmailLink(actor: Actor, links: { origin: string }, meta?: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ firstName: users.firstName, contactEmail: users.contactEmail, verifiedAt: users.contactEmailVerifiedAt }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user?.contactEmail || user.verifiedAt) throw new DalError('conflict', 'There is no contact email waiting to be verified.');
    await sendContactEmailLink(tx, actor, { address: user.contactEmail, firstName: user.firstName }, links, meta);
  });
}

async function sendContactEmailLink(tx: Tx, actor: Actor, to: { address: string; firstName: string }, links: { origin: string }, meta?: RequestMeta) {
  // The caller holds my user row (FOR UPDATE), so two sends cannot both pass the limits.
  const at = now();
  const sent = await recentOwnEntries(tx, actor.userId, 'profile.contact_email_link_sent', new Date(at.getTime() - DAY_MS), 10);
  // The short pause is per address (a typo can be corrected at once); the caps are per person.
  const toThisAddress = sent.filter((entry) => (entry.after as { contactEmail?: string } | null)?.contactEmail === to.address).map((entry) => entry.at);
  const refused =
    limitReached(toThisAddress, [{ windowMs: RESEND_PAUSE_MS, max: 1, reason: 'A verification link was just sent.' }], at) ??
    limitReached(sent.map((entry) => entry.at), CONTACT_EMAIL_LINK_LIMITS, at);
  if (refused) throw new DalError('conflict', `${refused.reason} You can ask for another ${describeWait(refused.waitMs)}.`);
  // One open link at a time: an earlier link (perhaps to an earlier address) stops working.
  await tx.delete(userTokens).where(and(eq(userTokens.userId, actor.userId), eq(userTokens.purpose, 'contact_email')));
  const token = newSecretToken();
  const expiresAt = new Date(now().getTime() + CONTACT_EMAIL_LINK_HOURS * 3_600_000);
  await tx.insert(userTokens).values({ tokenHash: hashSecretToken(token), userId: actor.userId, accountId: actor.accountId, purpose: 'contact_email', subject: to.address, createdByUserId: actor.userId, expiresAt });
  await enqueueMail(tx, {
    accountId: actor.accountId,
    subjectRef: `contact_email:${actor.userId}`,
    to: to.address,
    ...contactEmailVerificationMail({ firstName: to.firstName, address: to.address, url: `${links.origin}/verify-email/${token}`, expiresAt }),
  });
  await audit(tx, actor, 'profile.contact_email_link_sent', { after: { contactEmail: to.address } }, meta);
}

export type ContactEmailLink = { ok: true; address: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'changed' };

/** What a contact-email link is for, or why it cannot be used. Public: the token is the credential. */
export async function lookUpContactEmailLink(token: string): Promise<ContactEmailLink> {
  const db = await getDb();
  const [row] = await db
    .select({ usedAt: userTokens.usedAt, expiresAt: userTokens.expiresAt, subject: userTokens.subject, contactEmail: users.contactEmail })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'contact_email')))
    .limit(1);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= now().getTime()) return { ok: false, reason: 'expired' };
  if (!row.subject || row.subject !== row.contactEmail) return { ok: false, reason: 'changed' };
  return { ok: true, address: row.subject };
}

/**
 * Verifies a contact email through its link, once: the token is claimed in the same transaction, and only
 * while the profile still names that address.
 */
export async function confirmContactEmail(token: string, meta?: RequestMeta): Promise<{ address: string }> {
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(userTokens)
      .set({ usedAt: at })
      .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'contact_email'), isNull(userTokens.usedAt), gte(userTokens.expiresAt, at)))
      .returning({ userId: userTokens.userId, accountId: userTokens.accountId, subject: userTokens.subject });
    if (!claimed?.subject) throw new DalError('not_found', 'This link is no longer valid. Ask for a new one on your profile.');
    const [user] = await tx
      .update(users)
      .set({ contactEmailVerifiedAt: at, updatedAt: at })
      .where(and(eq(users.id, claimed.userId), eq(users.contactEmail, claimed.subject)))
      .returning({ firstName: users.firstName, lastName: users.lastName });
    if (!user) throw new DalError('not_found', 'Your profile names another contact email now. Verify that one instead.');
    await recordAudit(tx, {
      accountId: claimed.accountId,
      actorUserId: claimed.userId,
      actorName: `${user.firstName} ${user.lastName}`.trim(),
      action: 'profile.contact_email_verified',
      targetType: 'user',
      targetId: claimed.userId,
      after: { contactEmail: claimed.subject },
      meta,
    });
    return { address: claimed.subject };
  });
}

/** Saves which channels each kind of notification uses. SMS needs a verified phone (refused otherwise). */
export async function setMyNotificationPrefs(actor: Actor, prefs: NotificationPrefs, meta?: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt, prefs: users.notificationPrefs }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user) throw new DalError('not_found', 'Your login no longer exists.');
    const wantsSms = Object.values(prefs).some((channels) => channels.includes('sms'));
    if (wantsSms && !(user.phone && user.verifiedAt)) {
      throw new DalError('invalid', 'Verify your phone number before choosing SMS notifications.', { prefs: 'SMS needs a verified phone number.' });
    }
    await tx.update(users).set({ notificationPrefs: prefs, updatedAt: now() }).where(eq(users.id, actor.userId));
    await audit(tx, actor, 'profile.notifications_changed', { before: normalizeNotificationPrefs(user.prefs), after: prefs }, meta);
  });
}

/** Points my profile at a newly stored avatar; answers the previous key, which the caller deletes. */
export async function setMyAvatar(actor: Actor, avatarKey: string | null, meta?: RequestMeta): Promise<{ previousKey: string | null }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ avatarKey: users.avatarKey }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user) throw new DalError('not_found', 'Your login no longer exists.');
    await tx.update(users).set({ avatarKey, updatedAt: now() }).where(eq(users.id, actor.userId));
    await audit(tx, actor, avatarKey ? 'profile.avatar_changed' : 'profile.avatar_removed', {}, meta);
    return { previousKey: user.avatarKey };
  });
}

/** True when some person's profile uses this avatar key: only those are served. */
export async function isAvatarInUse(avatarKey: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ one: sql<number>`1` }).from(users).where(eq(users.avatarKey, avatarKey)).limit(1);
  return Boolean(row);
}

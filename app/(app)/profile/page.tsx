import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { actorOf, requireMember } from '@/lib/auth/current';
import { listMyRecentSignIns } from '@/lib/dal/sessions/list-my-sign-ins';
import { listMyActivity, listMySessions } from '@/lib/dal/profile/my-security';
import { getMyProfile } from '@/lib/dal/profile/my-profile';
import { WorkSections } from './_work';
import { RecentChanges, RecentSignIns } from './_components/activity';
import { AvatarSection } from './_components/avatar-section';
import { ContactEmailForm, PhoneForm } from './_components/contact-forms';
import { DetailsForm } from './_components/details-form';
import { NotificationsForm } from './_components/notifications-form';
import { ProfileSummary } from './_components/profile-summary';
import { ChangePasswordForm, MySessions } from './_components/security';

export const metadata: Metadata = { title: 'My profile' };

const SECTIONS = [
  { id: 'profile', label: 'Profile' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'security', label: 'Security' },
  { id: 'work', label: 'Work' },
] as const;

const formatPhone = (e164: string) => parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="grid scroll-mt-6 gap-4">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The signed-in member's own page (every role, Guests included): who they are, how to reach them, security. */
export default async function ProfilePage() {
  const session = await requireMember();
  const actor = actorOf(session);
  const self = { ...actor, sessionIdHash: session.sessionIdHash };
  const [profile, sessions, activity, signIns] = await Promise.all([getMyProfile(actor), listMySessions(self), listMyActivity(actor), listMyRecentSignIns(actor.userId)]);
  const name = `${profile.firstName} ${profile.lastName}`.trim();
  const roleLabel = `${session.membership.roleNames.join(', ') || 'Member'} in ${session.membership.accountName}`;

  return (
    <div className="grid max-w-3xl gap-8">
      <header className="grid gap-4">
        <h1 className="text-2xl font-semibold">My profile</h1>
        <nav aria-label="Profile sections" className="flex flex-wrap gap-1 border-b border-border pb-2 text-sm">
          {SECTIONS.map((section) => (
            <a key={section.id} href={`#${section.id}`} className="rounded-md px-3 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground">
              {section.label}
            </a>
          ))}
        </nav>
        <ProfileSummary name={name} avatarKey={profile.avatarKey} description={profile.description} roleLabel={roleLabel} />
      </header>

      <Section id="profile" title="Profile">
        <Card>
          <CardHeader>
            <CardTitle as="h3">Picture</CardTitle>
            <CardDescription>Shown beside your name across the app. Without one, your initials are shown.</CardDescription>
          </CardHeader>
          <CardContent>
            <AvatarSection name={name} avatarKey={profile.avatarKey} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h3">About you</CardTitle>
            <CardDescription>
              Your name is shown across the app. You sign in as <strong className="font-medium text-foreground">{profile.email}</strong>.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <DetailsForm key={`${profile.firstName}\u0000${profile.lastName}\u0000${profile.description}`} initial={{ firstName: profile.firstName, lastName: profile.lastName, description: profile.description }} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h3">Contact</CardTitle>
            <CardDescription>How Rolecall reaches you with notifications.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6">
            <ContactEmailForm key={profile.contactEmail ?? ''} loginEmail={profile.email} contactEmail={profile.contactEmail} verified={profile.contactEmailVerified} />
            <PhoneForm key={profile.phone ?? ''} phone={profile.phone} phoneDisplay={profile.phone ? formatPhone(profile.phone) : null} verified={profile.phoneVerified} codePending={profile.phoneCodePending} />
          </CardContent>
        </Card>
      </Section>

      <Section id="notifications" title="Notifications">
        <Card>
          <CardHeader>
            <CardTitle as="h3">What reaches you, and how</CardTitle>
            <CardDescription>For each kind of event, choose in the app, by email, by text message, or any of them.</CardDescription>
          </CardHeader>
          <CardContent>
            <NotificationsForm key={JSON.stringify(profile.notificationPrefs)} initial={profile.notificationPrefs} phoneVerified={profile.phoneVerified} notificationEmail={profile.notificationEmail} />
          </CardContent>
        </Card>
      </Section>

      <Section id="security" title="Security">
        <Card>
          <CardHeader>
            <CardTitle as="h3">Change password</CardTitle>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm context={[profile.firstName, profile.lastName, profile.email]} email={profile.email} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h3">My sessions</CardTitle>
            <CardDescription>Where you are signed in, in every account. Something you do not recognise? Sign it out and change your password.</CardDescription>
          </CardHeader>
          <CardContent>
            <MySessions sessions={sessions} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h3">My recent activity</CardTitle>
            <CardDescription>Sign-ins to your login, and changes you made or that were made to you in {session.membership.accountName}.</CardDescription>
          </CardHeader>
          <CardContent className="grid grid-cols-1 gap-6">
            <div className="grid min-w-0 gap-2">
              <h4 className="text-sm font-medium">Sign-ins</h4>
              <RecentSignIns events={signIns} />
            </div>
            <div className="grid min-w-0 gap-2">
              <h4 className="text-sm font-medium">Changes</h4>
              <RecentChanges entries={activity} selfName={name} />
            </div>
          </CardContent>
        </Card>
      </Section>

      <div id="work" className="grid scroll-mt-6 gap-4">
        <WorkSections />
      </div>
    </div>
  );
}

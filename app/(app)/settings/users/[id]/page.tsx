import { SearchCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LocalTime } from '@/components/local-time';
import { Avatar } from '@/components/members/avatar';
import { MemberStatusBadge } from '@/components/members/member-status';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { hasPermission } from '@/lib/access/catalogue';
import { isOwner, mayChangeMembership, mayHandOut, ONLY_AN_OWNER } from '@/lib/access/escalation';
import { explanationText } from '@/lib/access/explain-text';
import { requirePagePermission } from '@/lib/access/page-permission';
import { listGranted } from '@/lib/access/resolver';
import { now } from '@/lib/clock';
import { DalError } from '@/lib/dal/core/errors';
import { getMemberDetail } from '@/lib/dal/members/get-member-detail';
import { getMemberAccessView } from '@/lib/dal/roles/explain-member-access';
import { listRoles } from '@/lib/dal/roles/list-roles';
import { describeDevice } from '@/lib/http/device';
import { ViewAsNav } from '../../roles/_components/view-as-nav';
import { ActivationCell } from '../_components/activation-cell';
import { ResendActivationButton } from '../_components/resend-activation-button';
import { AccessWidget, DeleteMember, PasswordWidget, SessionsWidget } from './_components/widgets';
import { MemberOfWidget } from './_components/member-of';
import { MemberOfOrganization } from './_components/member-of-organization';
import { listDepartments } from '@/lib/dal/organization/departments';
import { listGroups } from '@/lib/dal/organization/groups';
import { getMemberPlacement } from '@/lib/dal/organization/member-placement';
import { listTeams } from '@/lib/dal/organization/teams';
import { AccessEndsWidget } from '../_components/access-end';
import { listMemberLicences } from '@/lib/dal/licences/assignments';
import { LicencesWidget } from './_components/licences-widget';

export const metadata: Metadata = { title: 'User' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ACTIVITY: Record<string, string> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Failed sign-in',
  'auth.sign_out': 'Signed out',
  'auth.sign_out_everywhere': 'Signed out everywhere',
  'session.account_switched': 'Switched into this account',
  'member.added': 'Added to the account',
  'member.roles_changed': 'Role changed',
  'licence.granted': 'Licence given',
  'licence.revoked': 'Licence taken back',
  'member.overrides_changed': 'Permissions changed',
  'member.deactivated': 'Deactivated',
  'member.activated': 'Reactivated',
  'member.approved': 'Approved',
  'member.password_set': 'Password set by an administrator',
  'member.session_revoked': 'A session was ended',
  'user.activated': 'Activated their login',
};

export default async function MemberPage({ params }: PageProps<'/settings/users/[id]'>) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const guard = await requirePagePermission('/settings/users');
  if (!guard.allowed) return guard.forbidden;
  const { actor, access, session } = guard;
  const detail = await getMemberDetail(actor, id).catch((error) => {
    if (error instanceof DalError && error.code === 'not_found') notFound();
    throw error;
  });
  const [roles, accessView, placement, allGroups, allTeams, allDepartments, licences] = await Promise.all([
    listRoles(actor),
    getMemberAccessView(actor, id),
    getMemberPlacement(actor, id),
    listGroups(actor),
    listTeams(actor),
    listDepartments(actor),
    listMemberLicences(actor, id),
  ]);
  const rolesText = (list: { name: string }[]) => list.map((role) => role.name).join(', ') || undefined;
  const mayExplain = hasPermission(access, 'roles.manage');
  const held = listGranted(access);
  const ownerRoleId = roles.find((role) => role.builtinKey === 'owner')?.id;
  const actorIsOwner = ownerRoleId ? session.membership.roleIds.includes(ownerRoleId) : false;
  const name = `${detail.firstName} ${detail.lastName}`.trim();
  const locked = mayChangeMembership(actorIsOwner, isOwner(detail)) ? undefined : ONLY_AN_OWNER;
  // What their roles grant before their own overrides: their roles' and their groups' roles'.
  const heldRoleIds = [...detail.roles.map((held) => held.id), ...detail.groups.flatMap((group) => group.roles.map((role) => role.id))];
  const roleGranted = [...new Set(heldRoleIds.flatMap((heldId) => roles.find((role) => role.id === heldId)?.effectivePermissions ?? []))];
  const notes = Object.fromEntries(Object.entries(detail.explanations).map(([permission, explanation]) => [permission, explanationText(explanation)]));
  const memberRow = { ...detail, roles: detail.roles, isSelf: detail.isSelf };
  const at = now().getTime();
  const accessEnded = detail.accessExpiresAt !== null && new Date(detail.accessExpiresAt).getTime() <= at;

  return (
    <div className="grid max-w-5xl gap-6">
      <header className="grid gap-3">
        <Link href="/settings/users" className="text-sm text-muted-foreground hover:underline">
          ← Users
        </Link>
        <div className="flex flex-wrap items-center gap-4">
          <Avatar name={name} avatarKey={detail.avatarKey} size="md" className="size-14 text-lg" />
          <div className="grid min-w-0 gap-1">
            <h1 className="text-2xl font-semibold wrap-anywhere">{name}</h1>
            <p className="text-muted-foreground wrap-anywhere">
              {detail.email} · {detail.roles.map((role) => role.name).join(', ')} · {detail.loginType === 'sso' ? 'SSO' : 'Local'} login
            </p>
          </div>
          <MemberStatusBadge member={detail} now={at} />
          {mayExplain ? (
            <Button variant="outline" size="sm" className="sm:ml-auto" asChild>
              <Link href={`/settings/roles/why?member=${detail.membershipId}`}>
                <SearchCheck aria-hidden /> Why / view as
              </Link>
            </Button>
          ) : null}
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
            <CardDescription>{detail.firstName} edits these in their own profile.</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm wrap-anywhere sm:grid-cols-[9rem_minmax(0,1fr)]">
              <dt className="text-muted-foreground">Name</dt>
              <dd>{name}</dd>
              <dt className="text-muted-foreground">Login email</dt>
              <dd>{detail.email}</dd>
              <dt className="text-muted-foreground">Phone</dt>
              <dd>{detail.phone ?? '—'}</dd>
              <dt className="text-muted-foreground">Member since</dt>
              <dd>
                <LocalTime iso={detail.createdAt} />
              </dd>
              <dt className="text-muted-foreground">Last sign-in</dt>
              <dd>{detail.lastSignInAt ? <LocalTime iso={detail.lastSignInAt} /> : 'Never'}</dd>
              <dt className="text-muted-foreground">Password</dt>
              <dd>
                {detail.hasPassword ? (
                  'Set'
                ) : detail.credentialsNote ? (
                  'Not set (only they can set it)'
                ) : (
                  <>
                    Not set yet (activation pending)
                    <ResendActivationButton membershipId={id} email={detail.email} />
                  </>
                )}
              </dd>
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Member of</CardTitle>
            <CardDescription>Their roles, and those of their groups, decide what {detail.firstName} may do; the Permissions widget adjusts it for them alone.</CardDescription>
          </CardHeader>
          <CardContent>
            <MemberOfWidget
              membershipId={detail.membershipId}
              name={name}
              current={detail.roles.map((role) => ({ id: role.id, name: role.name }))}
              roles={roles.map((role) => ({ id: role.id, name: role.name, assignable: mayHandOut(access, [...role.effectivePermissions, ...role.effectivePrivileges]) }))}
              locked={locked}
            />
            <MemberOfOrganization
              membershipId={detail.membershipId}
              name={name}
              groups={detail.groups.map((group) => ({ id: group.id, name: group.name, note: rolesText(group.roles) }))}
              teams={placement.teams}
              departments={placement.departments}
              options={{
                groups: allGroups.map((group) => ({ id: group.id, name: group.name, note: rolesText(group.roles) })),
                teams: allTeams.map(({ id, name }) => ({ id, name })),
                departments: allDepartments.map(({ id, name, depth }) => ({ id, name, depth })),
              }}
              canManage={hasPermission(access, 'groups.manage') && !locked}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Activation</CardTitle>
            <CardDescription>Deactivating signs {detail.firstName} out at once; reactivating keeps their role.</CardDescription>
          </CardHeader>
          <CardContent className="flex items-center gap-3">
            <ActivationCell member={memberRow} actorIsOwner={actorIsOwner} now={at} />
            <span className="text-sm">
              {detail.status === 'pending' ? 'Waiting for approval' : detail.status !== 'active' ? 'Login disabled' : accessEnded ? 'Access has ended: extend it to let them sign in' : 'Can sign in'}
            </span>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Access ends</CardTitle>
            <CardDescription>Temporary access: set or extend its end, end it now, or make it permanent. {detail.firstName} is told by email.</CardDescription>
          </CardHeader>
          <CardContent>
            <AccessEndsWidget
              membershipId={detail.membershipId}
              name={name}
              accessExpiresAt={detail.accessExpiresAt}
              now={at}
              disabledReason={detail.isSelf ? 'You cannot change when your own access ends. Ask another administrator.' : (locked ?? null)}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Licences</CardTitle>
            <CardDescription>A licence opens what it unlocks to the people holding one of its seats; {detail.firstName} gains or loses it on their next page.</CardDescription>
          </CardHeader>
          <CardContent>
            <LicencesWidget
              membershipId={detail.membershipId}
              name={name}
              licences={licences}
              deactivated={detail.status === 'deactivated'}
              locked={locked}
              managesLicences={hasPermission(access, 'licences.manage')}
            />
          </CardContent>
        </Card>

        {hasPermission(access, 'users.passwords') ? (
          <Card>
            <CardHeader>
              <CardTitle>Change password</CardTitle>
              <CardDescription>{detail.credentialsNote ? 'A login belongs to its person.' : 'Their sessions end; they sign in with the new password.'}</CardDescription>
            </CardHeader>
            <CardContent>
              {detail.credentialsNote ? (
                <p className="text-sm" data-testid="credentials-note">
                  {detail.credentialsNote}
                </p>
              ) : (
                <PasswordWidget membershipId={detail.membershipId} name={name} context={[detail.email, detail.firstName, detail.lastName]} />
              )}
            </CardContent>
          </Card>
        ) : null}
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Permissions</CardTitle>
          <CardDescription>Navigation and single permissions for {detail.firstName} alone, with where each answer comes from. A denial always wins.</CardDescription>
        </CardHeader>
        <CardContent>
          <AccessWidget membershipId={detail.membershipId} name={name} initial={detail.overrides} roleGranted={roleGranted} held={held.permissions} notes={notes} locked={locked} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>View as {detail.firstName}</CardTitle>
          <CardDescription>Read-only: the menu {detail.firstName} gets with the roles and exceptions above, and what is hidden or blocked.</CardDescription>
        </CardHeader>
        <CardContent>
          <ViewAsNav name={detail.firstName || name} navigation={accessView.navigation} modules={accessView.modules} compact />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>Where {detail.firstName} is signed in to this account.</CardDescription>
        </CardHeader>
        <CardContent>
          <SessionsWidget membershipId={detail.membershipId} sessions={detail.sessions.map((entry) => ({ ...entry, device: describeDevice(entry.userAgent) }))} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Recent activity</CardTitle>
        </CardHeader>
        <CardContent>
          {detail.activity.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing yet.</p>
          ) : (
            <ul className="divide-y divide-border text-sm" data-testid="member-activity">
              {detail.activity.map((entry) => (
                <li key={entry.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>
                    {ACTIVITY[entry.action] ?? entry.action}
                    {entry.actorName && entry.actorName !== name ? <span className="text-muted-foreground"> · by {entry.actorName}</span> : null}
                  </span>
                  <LocalTime iso={entry.at} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      {!detail.isSelf ? (
        <Card className="border-destructive/30">
          <CardHeader>
            <CardTitle>Disable login, then delete</CardTitle>
          </CardHeader>
          <CardContent>
            <DeleteMember membershipId={detail.membershipId} name={name} deactivated={detail.status === 'deactivated'} locked={locked} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

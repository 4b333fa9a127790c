'use client';

import { Send } from 'lucide-react';
import Papa from 'papaparse';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Label } from '@/components/ui/label';
import { PlacementFields } from '@/components/members/placement-fields';
import { RoleSelect } from '@/components/members/role-select';
import { NativeSelect } from '@/components/ui/native-select';
import { Switch } from '@/components/ui/switch';
import { fetchRoleOptions } from '@/app/(app)/settings/users/_components/role-options';
import type { InviteRowResult } from '@/lib/types/invitations';
import { inviteAction } from '../actions';
import { LiveClock } from '@/components/live-clock';

type Row = { email: string; roleName?: string; firstName?: string; lastName?: string; departments?: string };

/** The invite dialog: addresses (typed, pasted or a CSV of up to 1,000 rows), login type, role, temporary access. */
export function InviteDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [roles, setRoles] = useState<{ id: string; name: string; builtinKey: string | null; assignable: boolean }[]>([]);
  const [addresses, setAddresses] = useState('');
  const [csvRows, setCsvRows] = useState<Row[] | null>(null);
  const [csvError, setCsvError] = useState<string | null>(null);
  const [loginType, setLoginType] = useState<'local' | 'sso'>('local');
  const [roleId, setRoleId] = useState('');
  const [places, setPlaces] = useState<{ departments: { id: string; name: string; depth: number }[]; teams: { id: string; name: string }[]; groups: { id: string; name: string; roles: string[] }[] }>({ departments: [], teams: [], groups: [] });
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [teamId, setTeamId] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [temporary, setTemporary] = useState(false);
  const [until, setUntil] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<InviteRowResult[] | null>(null);

  function openDialog(next: boolean) {
    setOpen(next);
    if (!next) return;
    setResults(null);
    setError(null);
    startTransition(async () => {
      const result = await fetchRoleOptions();
      if (!result.ok) return void toast.error(result.message);
      setRoles(result.data.roles);
      setPlaces({ departments: result.data.departments, teams: result.data.teams, groups: result.data.groups });
      setRoleId((current) => current || result.data.roles.find((role) => role.builtinKey === 'user' && role.assignable)?.id || '');
    });
  }

  function readCsv(file: File | undefined) {
    setCsvRows(null);
    setCsvError(null);
    if (!file) return;
    Papa.parse<Record<string, string>>(file, {
      header: true,
      skipEmptyLines: 'greedy',
      transformHeader: (header) => header.trim().toLowerCase().replace(/[\s_-]+/g, ''),
      complete: ({ data }) => {
        if (data.length > 1_000) return setCsvError(`The file has ${data.length.toLocaleString('en')} rows; invite at most 1,000 at once.`);
        if (data.length > 0 && !('email' in data[0]!)) return setCsvError('The file needs an “email” column (and optionally role, first name, last name, departments).');
        setCsvRows(data.map((row) => ({ email: row.email ?? '', roleName: row.role || undefined, firstName: row.firstname ?? '', lastName: row.lastname ?? '', departments: row.departments || undefined })));
      },
      error: (problem) => setCsvError(`The file could not be read: ${problem.message}`),
    });
  }

  function send() {
    setError(null);
    const typed: Row[] = addresses.split(/[\s,;]+/).filter(Boolean).map((email) => ({ email }));
    const rows = [...typed, ...(csvRows ?? [])];
    startTransition(async () => {
      setFieldErrors({});
      const result = await inviteAction({ rows, roleId, loginType, accessExpiresAt: temporary && until ? new Date(until).toISOString() : null, departmentIds, teamId, groupIds });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        return setError(result.message);
      }
      const sent = result.data.filter((row) => row.outcome !== 'refused').length;
      (sent === result.data.length ? toast.success : toast.warning)(`${sent} of ${result.data.length} invitation${result.data.length === 1 ? '' : 's'} sent.`);
      setResults(result.data);
      setAddresses('');
      setCsvRows(null);
      router.refresh();
    });
  }

  return (
    <Dialog open={open} onOpenChange={openDialog}>
      <DialogTrigger asChild>
        <Button size="sm" className="h-9">
          <Send aria-hidden /> Invite
        </Button>
      </DialogTrigger>
      <DialogContent title="Send invitations" description="They get an email with a link to join this account.">
        {results ? (
          <div className="grid gap-3">
            <ul className="grid max-h-72 gap-1 overflow-y-auto text-sm" data-testid="invite-results">
              {results.map((row, index) => (
                <li key={`${row.email}-${index}`} className="flex justify-between gap-3">
                  <span className="truncate">{row.email || '(empty)'}</span>
                  <span className={row.outcome === 'refused' ? 'text-destructive' : 'text-emerald-700'}>
                    {row.outcome === 'sent' ? 'Sent' : row.outcome === 'refreshed' ? 'Sent again (invitation refreshed)' : `Refused: ${row.reason}`}
                  </span>
                </li>
              ))}
            </ul>
            <div className="flex gap-2">
              <Button onClick={() => setResults(null)}>Invite more</Button>
              <Button variant="outline" onClick={() => setOpen(false)}>
                Done
              </Button>
            </div>
          </div>
        ) : (
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              send();
            }}
          >
            {error ? <Alert variant="error">{error}</Alert> : null}
            <div className="grid gap-1.5">
              <Label htmlFor="invite-emails">Email</Label>
              <textarea
                id="invite-emails"
                className="min-h-20 rounded-md border border-border bg-background px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                placeholder="name@example.com — or paste many, separated by commas, spaces or new lines"
                value={addresses}
                onChange={(event) => setAddresses(event.target.value)}
              />
              <label className="text-xs text-muted-foreground">
                Or a CSV file (columns: email, role, first name, last name, departments — several separated by “;”; up to 1,000 rows):{' '}
                <input type="file" accept=".csv,text/csv" aria-label="CSV file" className="text-xs" onChange={(event) => readCsv(event.target.files?.[0])} />
              </label>
              {csvRows ? <p className="text-xs text-emerald-700">{csvRows.length} row(s) read from the file.</p> : null}
              {csvError ? <p className="text-sm text-destructive">{csvError}</p> : null}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="grid gap-1.5">
                <Label htmlFor="invite-login">Login type</Label>
                <NativeSelect id="invite-login" className="h-10" value={loginType} aria-describedby="invite-login-help" onChange={(event) => setLoginType(event.target.value as 'local' | 'sso')}>
                  <option value="local">Local (they set a password)</option>
                  <option value="sso" disabled>
                    SSO (not set up for this account)
                  </option>
                </NativeSelect>
                <p id="invite-login-help" className="text-xs text-muted-foreground">
                  Single sign-on is not set up for this account yet, so invitations use local logins.
                </p>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="invite-role">User role</Label>
                <RoleSelect id="invite-role" className="h-10" roles={roles} value={roleId} onChange={(event) => setRoleId(event.target.value)} />
              </div>
            </div>
            <PlacementFields
              idPrefix="invite"
              departments={places.departments}
              teams={places.teams}
              departmentIds={departmentIds}
              onDepartmentIds={setDepartmentIds}
              teamId={teamId}
              onTeamId={setTeamId}
              groups={places.groups}
              groupIds={groupIds}
              onGroupIds={setGroupIds}
              errors={fieldErrors}
            />
            <div className="grid gap-2 rounded-md border border-border p-3">
              <label className="flex items-center gap-3 text-sm font-medium">
                <Switch checked={temporary} onCheckedChange={setTemporary} aria-label="Temporary invitation" />
                Temporary invitation
              </label>
              {temporary ? (
                <div className="grid gap-2 text-sm">
                  <p className="text-muted-foreground">
                    Your current system time: <LiveClock />
                  </p>
                  <div className="grid gap-1.5">
                    <Label htmlFor="invite-until">Maximum date and time</Label>
                    <input id="invite-until" type="datetime-local" className="h-10 rounded-md border border-border bg-background px-3" value={until} onChange={(event) => setUntil(event.target.value)} />
                    <p className="text-xs text-muted-foreground">After it, they can no longer sign in and any session of theirs ends. Within a year from now.</p>
                  </div>
                </div>
              ) : null}
            </div>
            <Button type="submit" disabled={pending || (!addresses.trim() && !csvRows?.length) || !roleId || (temporary && !until)}>
              {pending ? 'Sending…' : 'Send'}
            </Button>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

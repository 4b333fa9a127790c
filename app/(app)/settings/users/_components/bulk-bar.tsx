'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { RoleSelect } from '@/components/members/role-select';
import type { BulkResult } from '@/lib/types/members';
import { NativeSelect } from '@/components/ui/native-select';
import { bulkLicenceAction } from '../../licences/actions';
import { bulkMembersAction } from '../actions';
import { fetchRoleOptions } from './role-options';
import { AccessEndDialog } from './access-end';

/** A licence the bulk bar can give or take back (only for those who manage licences). */
export interface LicenceChoice {
  id: string;
  name: string;
  left: number;
  ended: boolean;
}

/** What to do with the selected users, and afterwards what changed and what was refused and why. */
export function BulkBar({ selected, licences = [], onDone }: { selected: string[]; licences?: LicenceChoice[]; onDone: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [roles, setRoles] = useState<{ id: string; name: string; assignable: boolean }[]>([]);
  const [roleId, setRoleId] = useState('');
  const [licenceId, setLicenceId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [extending, setExtending] = useState(false);
  const [summary, setSummary] = useState<BulkResult | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetchRoleOptions().then((result) => {
      if (!cancelled && result.ok) setRoles(result.data.roles);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  async function apply(operation: 'activate' | 'deactivate' | 'role' | 'extend', accessEndsAt: string | null = null): Promise<string | null> {
    const result = await bulkMembersAction({ membershipIds: selected, operation, roleId: operation === 'role' ? roleId : null, accessEndsAt });
    if (!result.ok) {
      toast.error(result.message);
      return result.message;
    }
    const { changed, unchanged, refused } = result.data;
    (refused.length > 0 ? toast.warning : toast.success)(`${changed.length} changed, ${unchanged.length} already so, ${refused.length} refused.`);
    setSummary(result.data);
    onDone();
    router.refresh();
    return null;
  }

  function run(operation: 'activate' | 'deactivate' | 'role') {
    startTransition(async () => void (await apply(operation)));
  }

  function licence(held: boolean) {
    startTransition(async () => {
      const result = await bulkLicenceAction({ membershipIds: selected, poolId: licenceId, held });
      if (!result.ok) return void toast.error(result.message);
      const { changed, unchanged, refused } = result.data;
      (refused.length > 0 ? toast.warning : toast.success)(`${changed.length} changed, ${unchanged.length} already so, ${refused.length} refused.`);
      setSummary(result.data);
      onDone();
      router.refresh();
    });
  }

  return (
    <>
      {selected.length > 0 ? (
        <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-lg border border-primary/30 bg-primary/5 px-3 py-2 text-sm">
          <span className="font-medium">{selected.length} selected</span>
          <Button size="sm" variant="outline" disabled={pending} onClick={() => run('activate')}>
            Activate
          </Button>
          <Button size="sm" variant="outline" disabled={pending} onClick={() => setConfirming(true)}>
            Deactivate
          </Button>
          <RoleSelect aria-label="New role" className="h-8" roles={roles} placeholder="Change role to…" value={roleId} onChange={(event) => setRoleId(event.target.value)} />
          <Button size="sm" variant="outline" disabled={pending || !roleId} onClick={() => run('role')}>
            Apply role
          </Button>
          <Button size="sm" variant="outline" disabled={pending} onClick={() => setExtending(true)}>
            Extend access to…
          </Button>
          {licences.length > 0 ? (
            <>
              <NativeSelect aria-label="Licence to give or take back" className="h-8 max-w-52" value={licenceId} onChange={(event) => setLicenceId(event.target.value)}>
                <option value="">Licence…</option>
                {licences.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.name} ({choice.ended ? 'ended' : `${choice.left.toLocaleString('en')} left`})
                  </option>
                ))}
              </NativeSelect>
              <Button size="sm" variant="outline" disabled={pending || !licenceId} onClick={() => licence(true)}>
                Give licence
              </Button>
              <Button size="sm" variant="outline" disabled={pending || !licenceId} onClick={() => licence(false)}>
                Take licence back
              </Button>
            </>
          ) : null}
          <Button size="sm" variant="ghost" onClick={onDone}>
            Clear selection
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Deactivate ${selected.length} user${selected.length === 1 ? '' : 's'}?`}
        description="They are signed out at once and cannot sign in until reactivated. You, Owners you cannot change and the last active Owner are skipped."
        confirmLabel="Deactivate"
        onConfirm={() => run('deactivate')}
      />
      <AccessEndDialog
        open={extending}
        onOpenChange={setExtending}
        title={`Extend access for ${selected.length} user${selected.length === 1 ? '' : 's'}`}
        description="Members with temporary access get this new end (access that has ended is revived); members whose access does not end are left alone. Each is told by email."
        initial={null}
        onSave={(endsAt) => apply('extend', endsAt)}
      />
      <Dialog open={summary !== null} onOpenChange={(open) => !open && setSummary(null)}>
        {summary ? (
          <DialogContent title="Result" description={`${summary.changed.length} changed, ${summary.unchanged.length} already so, ${summary.refused.length} refused.`}>
            <div className="grid gap-3 text-sm" data-testid="bulk-summary">
              {summary.changed.length > 0 ? <p><strong>Changed:</strong> {summary.changed.join(', ')}</p> : null}
              {summary.unchanged.length > 0 ? <p><strong>Already so:</strong> {summary.unchanged.join(', ')}</p> : null}
              {summary.refused.length > 0 ? (
                <div>
                  <strong>Refused:</strong>
                  <ul className="mt-1 list-disc pl-5">
                    {summary.refused.map((entry, index) => (
                      <li key={`${entry.name}-${index}`}>
                        {entry.name}: {entry.reason}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <Button className="w-fit" onClick={() => setSummary(null)}>
                Close
              </Button>
            </div>
          </DialogContent>
        ) : null}
      </Dialog>
    </>
  );
}

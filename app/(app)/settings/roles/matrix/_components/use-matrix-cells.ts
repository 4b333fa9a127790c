'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import type { MatrixColumn, MatrixColumnUpdate, MatrixRow } from '@/lib/types/role-matrix';
import { fetchResult } from '@/lib/http/fetch-result';
import { toggleMatrixCellAction } from '../actions';
import { computeCellStates } from './cell-state';

interface PendingToggle {
  id: number;
  roleId: string;
  name: string;
  granted: boolean;
}

export const cellKey = (roleId: string, name: string) => `${roleId}\u0000${name}`;

function applyPending(columns: readonly MatrixColumn[], pending: readonly PendingToggle[]): MatrixColumn[] {
  if (pending.length === 0) return columns as MatrixColumn[];
  return columns.map((column) => {
    const mine = pending.filter((toggle) => toggle.roleId === column.id);
    if (mine.length === 0) return column;
    const own = new Set(column.own);
    for (const toggle of mine) {
      if (toggle.granted) own.add(toggle.name);
      else own.delete(toggle.name);
    }
    return { ...column, own: [...own] };
  });
}

function merge(columns: readonly MatrixColumn[], fresh: readonly MatrixColumnUpdate[]): MatrixColumn[] {
  const byId = new Map(fresh.map((column) => [column.id, column]));
  return columns.map((column) => {
    const update = byId.get(column.id);
    return update ? { ...column, ...update } : column;
  });
}

/**
 * The matrix's cells, optimistic: what the server confirmed, with the toggles still on their way applied
 * on top. Toggles are sent one after another, each with the version the previous one left, so quick
 * clicks on one role never refuse each other. A refusal drops the toggle and puts the role's family back
 * as the server has it now; a success offers Undo (which is just the opposite toggle).
 */
export function useMatrixCells(initial: readonly MatrixColumn[], rows: readonly MatrixRow[]) {
  const [confirmed, setConfirmed] = useState<readonly MatrixColumn[]>(initial);
  const confirmedRef = useRef(confirmed);
  const [pending, setPending] = useState<readonly PendingToggle[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const nextId = useRef(1);

  const columns = useMemo(() => applyPending(confirmed, pending), [confirmed, pending]);
  const states = useMemo(() => computeCellStates(columns, rows), [columns, rows]);
  const busy = useMemo(() => new Set(pending.map((toggle) => cellKey(toggle.roleId, toggle.name))), [pending]);

  const confirm = useCallback((fresh: readonly MatrixColumnUpdate[]) => {
    confirmedRef.current = merge(confirmedRef.current, fresh);
    setConfirmed(confirmedRef.current);
  }, []);

  // Undo calls the toggle again from a toast, long after this render: through a ref, not the closure.
  const toggleRef = useRef<(roleId: string, row: Pick<MatrixRow, 'name' | 'label'>, granted: boolean) => void>(() => {});
  const toggle = useCallback(
    (roleId: string, row: Pick<MatrixRow, 'name' | 'label'>, granted: boolean) => {
      const entry: PendingToggle = { id: nextId.current++, roleId, name: row.name, granted };
      setPending((current) => [...current, entry]);
      const settle = () => setPending((current) => current.filter((candidate) => candidate.id !== entry.id));
      queue.current = queue.current.then(async () => {
        const role = confirmedRef.current.find((column) => column.id === roleId);
        if (!role) return settle();
        try {
          const result = await toggleMatrixCellAction({ roleId, name: row.name, granted, version: role.version });
          if (result.ok) {
            confirm([result.data.column]);
            settle();
            toast.success(`${role.name}: ${row.label} ${granted ? 'granted' : 'removed'}.`, {
              action: { label: 'Undo', onClick: () => toggleRef.current(roleId, row, !granted) },
            });
            return;
          }
          toast.error(result.message);
          const fresh = await fetchResult<MatrixColumnUpdate[]>('/settings/roles/matrix/columns', { roleIds: [roleId] });
          if (fresh.ok) confirm(fresh.data);
          settle();
        } catch {
          settle();
          toast.error('The change could not be saved: the server did not answer. Check your connection and try again.');
        }
      });
    },
    [confirm],
  );
  useEffect(() => {
    toggleRef.current = toggle;
  }, [toggle]);

  return { columns, states, busy, toggle };
}

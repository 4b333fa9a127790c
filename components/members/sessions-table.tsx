import type { ReactNode } from 'react';
import { LocalTime } from '@/components/local-time';
import { stackedTable } from '@/components/ui/stacked-table';
import { cn } from '@/lib/utils';

export interface SessionRow {
  idHash: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** The session this page was loaded with. */
  current?: boolean;
}

/** Open sessions: device, IP address, signed in, last seen, and what may be done with each (`action`). */
export function SessionsTable<T extends SessionRow>({ sessions, testId, action }: { sessions: T[]; testId: string; action: (session: T) => ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table role="table" className={stackedTable.table} data-testid={testId}>
        <thead role="rowgroup" className={stackedTable.head}>
          <tr role="row">
            <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">Device</th>
            <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">IP address</th>
            <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">Signed in</th>
            <th role="columnheader" scope="col" className="py-2 pr-4 font-medium">Last seen</th>
            <th role="columnheader" scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody role="rowgroup" className={stackedTable.body}>
          {sessions.map((session) => (
            <tr role="row" key={session.idHash} data-current={session.current || undefined} className={stackedTable.row}>
              <td role="cell" data-label="Device" className={cn('py-2 pr-4', stackedTable.cell)}>
                <span>
                {session.device}
                {session.current ? <span className="ml-2 whitespace-nowrap rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">This device</span> : null}
                </span>
              </td>
              <td role="cell" data-label="IP address" className={cn('py-2 pr-4', stackedTable.cell)}><span className="font-mono text-xs">{session.ip ?? '—'}</span></td>
              <td role="cell" data-label="Signed in" className={cn('py-2 pr-4 whitespace-nowrap', stackedTable.cell)}><LocalTime iso={session.createdAt} /></td>
              <td role="cell" data-label="Last seen" className={cn('py-2 pr-4 whitespace-nowrap', stackedTable.cell)}><LocalTime iso={session.lastSeenAt} /></td>
              <td role="cell" className="py-2 text-right max-sm:block max-sm:p-0 max-sm:pt-1">{action(session)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

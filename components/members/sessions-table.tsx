import type { ReactNode } from 'react';
import { LocalTime } from '@/components/local-time';

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
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs uppercase text-muted-foreground">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Device</th>
            <th scope="col" className="py-2 pr-4 font-medium">IP address</th>
            <th scope="col" className="py-2 pr-4 font-medium">Signed in</th>
            <th scope="col" className="py-2 pr-4 font-medium">Last seen</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {sessions.map((session) => (
            <tr key={session.idHash} data-current={session.current || undefined}>
              <td className="py-2 pr-4">
                {session.device}
                {session.current ? <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">This device</span> : null}
              </td>
              <td className="py-2 pr-4 font-mono text-xs">{session.ip ?? '—'}</td>
              <td className="py-2 pr-4 whitespace-nowrap"><LocalTime iso={session.createdAt} /></td>
              <td className="py-2 pr-4 whitespace-nowrap"><LocalTime iso={session.lastSeenAt} /></td>
              <td className="py-2 text-right">{action(session)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

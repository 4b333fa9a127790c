import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';

export const metadata: Metadata = { title: 'No access' };

/** middleware.ts rewrites a refused navigation here, answering 403 at the address that was asked for. */
export default async function ForbiddenPage({ searchParams }: PageProps<'/forbidden'>) {
  const params = await searchParams;
  const permission = typeof params.permission === 'string' ? params.permission.slice(0, 64) : 'unknown';
  const area = typeof params.area === 'string' ? params.area.slice(0, 60) : undefined;
  return <Forbidden permission={permission} area={area} />;
}

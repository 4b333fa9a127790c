import { redirect } from 'next/navigation';
import { homePathFor } from '@/lib/access/routes';
import { requireMemberAccess } from '@/lib/auth/current';

/** middleware.ts sends `/` to the member's home; this covers a request it did not see. */
export default async function Home() {
  const { access } = await requireMemberAccess();
  redirect(homePathFor(access));
}

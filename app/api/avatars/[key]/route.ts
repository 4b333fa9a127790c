import { getRequestSession } from '@/lib/auth/current';
import { isAvatarInUse } from '@/lib/dal/profile/my-profile';
import { AVATAR_KEY_PATTERN, getAvatarStore } from '@/lib/storage/avatar-store';

/**
 * Serves an avatar to signed-in members. A key names one picture forever (a new upload gets a new key), so
 * the browser may keep it for a year without asking again; `private` keeps shared caches out of it.
 */
export async function GET(_request: Request, { params }: RouteContext<'/api/avatars/[key]'>) {
  const { key } = await params;
  if (!(await getRequestSession())) return Response.json({ error: 'unauthenticated' }, { status: 401 });
  if (!AVATAR_KEY_PATTERN.test(key) || !(await isAvatarInUse(key))) return Response.json({ error: 'not_found' }, { status: 404 });
  const stored = await getAvatarStore().get(key);
  if (!stored) return Response.json({ error: 'not_found' }, { status: 404 });
  return new Response(new Uint8Array(stored.data), {
    headers: {
      'content-type': stored.contentType,
      'content-length': String(stored.data.length),
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    },
  });
}

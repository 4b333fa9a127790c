import { actorOf, getRequestMeta, getRequestSession, type MemberSession } from '@/lib/auth/current';
import { setMyAvatar } from '@/lib/dal/profile/my-profile';
import { AVATAR_MAX_BYTES, AvatarImageError, newAvatarKey, processAvatar } from '@/lib/storage/avatar-image';
import { getAvatarStore } from '@/lib/storage/avatar-store';

// Room for the multipart envelope around the file (boundaries, headers, the file name).
const ENVELOPE_BYTES = 64 * 1024;
const TOO_LARGE = 'The picture is larger than 5 MB. Choose a smaller one.';

const refuse = (status: number, error: string, message: string) => Response.json({ error, message }, { status });

/**
 * The signed-in member (any role, Guests too) acting on their own avatar. middleware.ts has already turned
 * away requests without a live session; this checks again, and refuses a form posted from another site.
 */
async function member(request: Request): Promise<MemberSession | Response> {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  // `Origin: null` (a sandboxed frame, a redirect) or anything unparsable names no host: refused too.
  if (origin && host && (URL.canParse(origin) ? new URL(origin).host : null) !== host) return refuse(403, 'forbidden', 'Cross-site requests are refused.');
  const session = await getRequestSession();
  if (!session) return refuse(401, 'unauthenticated', 'Sign in again.');
  if (!session.membership) return refuse(403, 'account_required', 'Pick an account first.');
  return session as MemberSession;
}

/** Reads at most `limit` bytes of the body: a larger upload is refused without being held in memory. */
async function readLimited(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Uploads a new avatar (multipart, field `file`): PNG, JPEG or WebP by content, up to 5 MB. */
export async function POST(request: Request) {
  const session = await member(request);
  if (session instanceof Response) return session;
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.startsWith('multipart/form-data')) return refuse(415, 'invalid', 'Send the picture as a form upload.');
  const body = await readLimited(request, AVATAR_MAX_BYTES + ENVELOPE_BYTES);
  if (!body) return refuse(413, 'too_large', TOO_LARGE);
  let file: FormDataEntryValue | null;
  try {
    file = (await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData()).get('file');
  } catch {
    return refuse(400, 'invalid', 'The upload could not be read. Try again.');
  }
  if (!(file instanceof Blob)) return refuse(400, 'invalid', 'Choose a picture to upload.');
  if (file.size > AVATAR_MAX_BYTES) return refuse(413, 'too_large', TOO_LARGE);

  let image: Buffer;
  try {
    image = await processAvatar(Buffer.from(await file.arrayBuffer()));
  } catch (error) {
    if (error instanceof AvatarImageError) return refuse(422, 'invalid', error.message);
    throw error;
  }
  const store = getAvatarStore();
  const key = newAvatarKey();
  await store.put(key, image, 'image/webp');
  let previousKey: string | null;
  try {
    ({ previousKey } = await setMyAvatar(actorOf(session), key, await getRequestMeta()));
  } catch (error) {
    await store.delete(key).catch(() => {});
    throw error;
  }
  if (previousKey) await store.delete(previousKey).catch((error) => console.error('[avatar] could not delete the previous picture', error));
  return Response.json({ avatarKey: key, url: `/api/avatars/${key}` }, { status: 201 });
}

/** Removes my avatar: initials are shown again. */
export async function DELETE(request: Request) {
  const session = await member(request);
  if (session instanceof Response) return session;
  const { previousKey } = await setMyAvatar(actorOf(session), null, await getRequestMeta());
  if (previousKey) await getAvatarStore().delete(previousKey).catch((error) => console.error('[avatar] could not delete the picture', error));
  return new Response(null, { status: 204 });
}

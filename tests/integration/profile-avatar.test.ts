import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/avatars/[key]/route';
import { DELETE, POST } from '@/app/api/profile/avatar/route';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { setAvatarStore, type AvatarStore } from '@/lib/storage/avatar-store';
import { actAs, requestState } from '../support/acting-as';
import { createAccount, createMember, type Account } from '../support/factories';
import { withTestDatabase } from '../support/test-db';

withTestDatabase();

const stored = new Map<string, Buffer>();
const memoryStore: AvatarStore = {
  put: async (key, data) => void stored.set(key, data),
  get: async (key) => (stored.has(key) ? { data: stored.get(key)!, contentType: 'image/webp' } : null),
  delete: async (key) => void stored.delete(key),
};

let account: Account;

beforeAll(async () => {
  setAvatarStore(memoryStore);
  account = await createAccount('Avatar Co');
});
afterAll(() => setAvatarStore(undefined));

const image = (format: 'png' | 'jpeg' | 'webp' | 'gif', width = 600, height = 400) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .toFormat(format)
    .toBuffer();

function upload(data: Buffer | Uint8Array, name: string, type: string, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  return POST(new Request('http://localhost/api/profile/avatar', { method: 'POST', body: form, headers }));
}

const avatarKeyOf = async (userId: string) => {
  const db = await getDb();
  const [row] = await db.select({ avatarKey: users.avatarKey }).from(users).where(eq(users.id, userId));
  return row!.avatarKey;
};

const serve = (key: string) => GET(new Request(`http://localhost/api/avatars/${key}`), { params: Promise.resolve({ key }) });

describe('avatar upload', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('accepts a %s, crops it square, resizes it to 256 px WebP and serves it with long caching', async (format) => {
    const member = await createMember(account.accountId, { role: 'guest' });
    await actAs(member.email);
    const response = await upload(await image(format), `me.${format}`, `image/${format}`);
    expect(response.status).toBe(201);
    const { avatarKey, url } = (await response.json()) as { avatarKey: string; url: string };
    expect(url).toBe(`/api/avatars/${avatarKey}`);
    expect(await avatarKeyOf(member.userId)).toBe(avatarKey);
    expect(await sharp(stored.get(avatarKey)!).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });

    const served = await serve(avatarKey);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(stored.get(avatarKey));
  });

  it('refuses a 6 MB file without storing anything', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const big = Buffer.concat([await image('png'), Buffer.alloc(6 * 1024 * 1024, 7)]);
    const before = stored.size;
    const response = await upload(big, 'big.png', 'image/png');
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining('larger than 5 MB') });
    expect(stored.size).toBe(before);
    expect(await avatarKeyOf(member.userId)).toBeNull();
  });

  it('refuses a body that says it is over the limit before reading it', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const response = await POST(new Request('http://localhost/api/profile/avatar', { method: 'POST', body: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(20 * 1024 * 1024) } }));
    expect(response.status).toBe(413);
  });

  it.each([
    ['a text file named .png', Buffer.from('<svg onload="alert(1)">hello</svg>'), 'avatar.png', 'image/png'],
    ['a GIF named .jpg', null, 'avatar.jpg', 'image/jpeg'],
    ['an empty file', Buffer.alloc(0), 'empty.webp', 'image/webp'],
  ])('refuses %s: the format is read from the content', async (_label, data, name, type) => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const response = await upload(data ?? (await image('gif')), name, type);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'invalid', message: expect.stringMatching(/PNG, JPEG or WebP|empty/) });
    expect(await avatarKeyOf(member.userId)).toBeNull();
  });

  it('a new upload gets a new key and the old picture is gone; removing brings the initials back', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const first = ((await (await upload(await image('png'), 'a.png', 'image/png')).json()) as { avatarKey: string }).avatarKey;
    const second = ((await (await upload(await image('jpeg', 300, 900), 'b.jpg', 'image/jpeg')).json()) as { avatarKey: string }).avatarKey;
    expect(second).not.toBe(first);
    expect(stored.has(first)).toBe(false);
    expect((await serve(first)).status).toBe(404);

    const removed = await DELETE(new Request('http://localhost/api/profile/avatar', { method: 'DELETE' }));
    expect(removed.status).toBe(204);
    expect(await avatarKeyOf(member.userId)).toBeNull();
    expect(stored.has(second)).toBe(false);
  });

  it('refuses anyone without a session, a cross-site form, and a key that is not a key', async () => {
    const member = await createMember(account.accountId);
    await actAs(member.email);
    const crossSite = await upload(await image('png'), 'a.png', 'image/png', { origin: 'https://evil.example', host: 'localhost' });
    expect(crossSite.status).toBe(403);
    expect((await serve('../../etc/passwd')).status).toBe(404);
    // A sandboxed frame or a redirect sends `Origin: null`: refused like any other site, never a crash.
    for (const origin of ['null', 'not a url']) {
      const opaque = await upload(await image('png'), 'a.png', 'image/png', { origin, host: 'localhost' });
      expect(opaque.status).toBe(403);
      expect(await opaque.json()).toEqual({ error: 'forbidden', message: 'Cross-site requests are refused.' });
      expect((await DELETE(new Request('http://localhost/api/profile/avatar', { method: 'DELETE', headers: { origin, host: 'localhost' } }))).status).toBe(403);
    }
    expect(await avatarKeyOf(member.userId)).toBeNull();

    requestState.headers = new Headers();
    expect((await upload(await image('png'), 'a.png', 'image/png')).status).toBe(401);
    expect((await DELETE(new Request('http://localhost/api/profile/avatar', { method: 'DELETE' }))).status).toBe(401);
    expect((await serve('0'.repeat(32))).status).toBe(401);
  });
});

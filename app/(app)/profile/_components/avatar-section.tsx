'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Avatar } from '@/components/members/avatar';
import { Button } from '@/components/ui/button';

const MAX_BYTES = 5 * 1024 * 1024;

/** Upload or remove the profile picture. The server checks the content, crops it square and resizes it. */
export function AvatarSection({ name, avatarKey }: { name: string; avatarKey: string | null }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const send = (method: 'POST' | 'DELETE', file?: File) =>
    startTransition(async () => {
      let body: FormData | undefined;
      if (file) {
        body = new FormData();
        body.append('file', file);
      }
      const response = await fetch('/api/profile/avatar', { method, body }).catch(() => null);
      if (input.current) input.current.value = '';
      if (!response?.ok) {
        const answer = (await response?.json().catch(() => null)) as { message?: string } | null;
        const message = answer?.message ?? 'The picture could not be saved. Try again.';
        setError(message);
        toast.error(message);
        return;
      }
      setError(null);
      toast.success(method === 'POST' ? 'Your picture is saved.' : 'Your picture is removed.');
      router.refresh();
    });

  return (
    <div className="flex flex-wrap items-center gap-4">
      <Avatar name={name} avatarKey={avatarKey} size="lg" label={avatarKey ? `Picture of ${name}` : `Initials of ${name}`} />
      <div className="grid gap-2">
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            id="avatar-file"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            className="sr-only"
            // The button below is the control people use; the file input stays out of the tab order.
            tabIndex={-1}
            aria-label="Picture file"
            aria-describedby="avatar-hint avatar-error"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (!file) return;
              // A quick answer for the obvious case; the server checks again, by content.
              if (file.size > MAX_BYTES) {
                setError('The picture is larger than 5 MB. Choose a smaller one.');
                event.target.value = '';
                return;
              }
              send('POST', file);
            }}
          />
          <Button type="button" variant="outline" disabled={pending} onClick={() => input.current?.click()}>
            {avatarKey ? 'Change picture' : 'Upload picture'}
          </Button>
          {avatarKey ? (
            <Button type="button" variant="ghost" disabled={pending} onClick={() => send('DELETE')}>
              Remove
            </Button>
          ) : null}
        </div>
        <p id="avatar-hint" className="text-xs text-muted-foreground">
          PNG, JPEG or WebP, up to 5 MB. It is cropped to a square.
        </p>
        <p id="avatar-error" className="text-sm text-destructive" role={error ? 'alert' : undefined}>
          {error}
        </p>
      </div>
    </div>
  );
}

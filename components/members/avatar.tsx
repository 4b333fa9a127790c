import { cn } from '@/lib/utils';

const SIZES = { sm: 'size-8 text-xs', md: 'size-10 text-sm', lg: 'size-24 text-2xl' } as const;

/** "AL" for Ada Lovelace; "?" for no name at all. */
export function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]!.toUpperCase())
    .join('');
  return letters || '?';
}

export const avatarUrl = (avatarKey: string) => `/api/avatars/${avatarKey}`;

/**
 * A person's picture, or their initials when they have none. Decorative by default (the name is always
 * written beside it); pass `label` where the avatar stands alone.
 */
export function Avatar({ name, avatarKey, size = 'sm', label, className }: { name: string; avatarKey: string | null | undefined; size?: keyof typeof SIZES; label?: string; className?: string }) {
  const frame = cn('avatar-frame', SIZES[size], className);
  if (avatarKey) {
    return (
      // The picture is already square, small and cached for good (a new upload has a new URL): the image
      // optimiser would only add work, and it cannot fetch a URL that needs the member's session.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={avatarUrl(avatarKey)} alt={label ?? ''} aria-hidden={label ? undefined : true} className={cn(frame, 'object-cover')} data-testid="avatar-image" />
    );
  }
  return (
    <span className={frame} role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true} data-testid="avatar-initials">
      {initialsOf(name)}
    </span>
  );
}

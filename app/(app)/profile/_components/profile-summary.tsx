import { Avatar } from '@/components/members/avatar';

/**
 * How the person appears to colleagues: picture, name and description. The description is plain text,
 * rendered by React as text (never as HTML), line breaks kept.
 */
export function ProfileSummary({ name, avatarKey, description, roleLabel }: { name: string; avatarKey: string | null; description: string; roleLabel: string }) {
  return (
    <div className="flex items-start gap-4" data-testid="profile-summary">
      <Avatar name={name} avatarKey={avatarKey} size="lg" />
      <div className="grid min-w-0 gap-1">
        <p className="text-xl font-semibold" data-testid="profile-name">
          {name}
        </p>
        <p className="text-sm text-muted-foreground">{roleLabel}</p>
        {description ? (
          <p className="whitespace-pre-wrap break-words text-sm" data-testid="profile-description">
            {description}
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">No description yet.</p>
        )}
      </div>
    </div>
  );
}

import { Lock } from 'lucide-react';
import Link from 'next/link';
import { permissionDef } from '@/lib/access/catalogue';

/** What a member sees where they lack a permission: which one, and what to do about it. */
export function Forbidden({ permission, area }: { permission: string; area?: string }) {
  const definition = permissionDef(permission);
  return (
    <div className="grid max-w-xl gap-4" data-testid="forbidden">
      <div className="flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <Lock className="size-6" aria-hidden />
      </div>
      <h1 className="text-2xl font-semibold">You don’t have access to {area ?? definition?.label ?? 'this page'}</h1>
      <p className="text-muted-foreground">
        It needs the permission <strong className="font-medium text-foreground">{definition?.label ?? permission}</strong>{' '}
        (<code className="rounded bg-muted px-1.5 py-0.5 text-sm">{permission}</code>), which your role does not include. Ask an
        administrator of this account if you need it.
      </p>
      <p>
        <Link href="/" className="text-primary underline-offset-4 hover:underline">
          Back to your home page
        </Link>
      </p>
    </div>
  );
}

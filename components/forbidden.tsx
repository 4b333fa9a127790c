import { Lock } from 'lucide-react';
import Link from 'next/link';
import { MODULES, permissionDef } from '@/lib/access/catalogue';
import type { Explanation } from '@/lib/access/explain';
import { licenceNeededText } from '@/lib/access/explain-text';
import { requireMemberAccess } from '@/lib/auth/current';
import { explainMemberPermission } from '@/lib/dal/members/set-member-access';

/** Why the member lacks it, in their words: the resolver's own explanation, as the Why page gives it. */
function reasonOf(explanation: Explanation | null): string {
  switch (explanation?.source) {
    case 'deny-override':
      return 'which an administrator has turned off for you';
    case 'hidden-module': {
      const hidden = MODULES.find((entry) => entry.key === explanation.module);
      return `because an administrator has hidden ${hidden?.label ?? "this module"} from you`;
    }
    case 'licence':
      return `which your role includes, but it needs a licence you do not hold: ${licenceNeededText(explanation.licences)}`;
    default:
      return 'which your role does not include';
  }
}

/** What a member sees where they lack a permission: which one, why (role, denied for them, or a hidden module), and what to do. */
export async function Forbidden({ permission, area }: { permission: string; area?: string }) {
  const definition = permissionDef(permission);
  const { actor } = await requireMemberAccess();
  const explanation = definition ? await explainMemberPermission(actor, actor.membershipId, permission).catch(() => null) : null;
  return (
    <div className="grid max-w-xl gap-4" data-testid="forbidden">
      <div className="flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <Lock className="size-6" aria-hidden />
      </div>
      <h1 className="text-2xl font-semibold">You don’t have access to {area ?? definition?.label ?? 'this page'}</h1>
      <p className="text-muted-foreground">
        It needs the permission <strong className="font-medium text-foreground">{definition?.label ?? permission}</strong>{' '}
        (<code className="rounded bg-muted px-1.5 py-0.5 text-sm">{permission}</code>), {reasonOf(explanation)}. Ask an
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

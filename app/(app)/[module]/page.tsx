import { Check, X } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { CATEGORY_LABELS, hasPermission, MODULES, PERMISSIONS } from '@/lib/access/catalogue';
import { requirePagePermission } from '@/lib/access/page-permission';

const LANDING_MODULES = MODULES.filter((module) => module.key !== 'dashboard');

export async function generateMetadata({ params }: PageProps<'/[module]'>): Promise<Metadata> {
  const { module: key } = await params;
  return { title: LANDING_MODULES.find((candidate) => candidate.key === key)?.label ?? 'Not found' };
}

/**
 * A module's landing page: what it is for and what this member may do in it. The host product fills the
 * modules; the page makes navigation and its permissions usable and testable meanwhile.
 */
export default async function ModulePage({ params }: PageProps<'/[module]'>) {
  const { module: key } = await params;
  const area = LANDING_MODULES.find((candidate) => candidate.key === key);
  if (!area) notFound();
  // middleware.ts already refused this; the page checks again on its own.
  const guard = await requirePagePermission(area.href);
  if (!guard.allowed) return guard.forbidden;
  const { access } = guard;
  const permissions = PERMISSIONS.filter((permission) => permission.module === area.key);
  return (
    <div className="grid max-w-3xl gap-6">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">{area.label}</h1>
        <p className="text-muted-foreground">{area.description}</p>
      </header>
      <Card>
        <CardHeader>
          <CardTitle>Your permissions in {area.label}</CardTitle>
          <CardDescription>What your role (and any exceptions an administrator set for you) allows here.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-border" data-testid="module-permissions">
            {permissions.map((permission) => {
              const granted = hasPermission(access, permission.name);
              return (
                <li key={permission.name} className="flex items-center gap-3 py-2 text-sm">
                  {granted ? <Check className="size-4 text-emerald-700" aria-label="Allowed" /> : <X className="size-4 text-muted-foreground" aria-label="Not allowed" />}
                  <span className="flex-1">
                    {permission.label}
                    <span className="ml-2 text-xs text-muted-foreground">{CATEGORY_LABELS[permission.category]}</span>
                  </span>
                  <code className="text-xs text-muted-foreground">{permission.name}</code>
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}

import { ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';

/** The frame of the pages a person sees before entering an account. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-muted px-4 py-10">
      <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
        <ShieldCheck className="size-6 text-primary" aria-hidden />
        Rolecall
      </div>
      <div className="w-full max-w-md">{children}</div>
    </main>
  );
}

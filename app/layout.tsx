import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Toaster } from 'sonner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Rolecall', template: '%s · Rolecall' },
  description: 'Users and access for your business account.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, the 404 page too: Next puts each response's CSP nonce on its scripts
  // (middleware.ts), and a page prerendered at build time would carry none, so its scripts would not run.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh antialiased">
        <NuqsAdapter>{children}</NuqsAdapter>
        <Toaster richColors closeButton position="top-right" />
      </body>
    </html>
  );
}

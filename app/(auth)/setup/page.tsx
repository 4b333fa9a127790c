import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up Rolecall' };

export default async function SetupPage() {
  // middleware.ts sends visitors here only while no account exists; render per request, never at build.
  await connection();
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Welcome to Rolecall</CardTitle>
        <CardDescription>Name your account and create its first user. You will be its Owner.</CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}

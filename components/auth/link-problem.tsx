import Link from 'next/link';
import { Alert } from '@/components/ui/alert';

/** Why an emailed link (activation, invitation) cannot be used, and the way on: sign in. */
export function LinkProblem({ message }: { message: string }) {
  return (
    <div className="grid gap-3">
      <Alert variant="error">{message}</Alert>
      <Link href="/login" className="text-sm text-primary underline-offset-4 hover:underline">
        Go to sign in
      </Link>
    </div>
  );
}

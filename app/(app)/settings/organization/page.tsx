import { redirect } from 'next/navigation';

/** Organization opens on its first tab. */
export default function OrganizationPage() {
  redirect('/settings/organization/departments');
}

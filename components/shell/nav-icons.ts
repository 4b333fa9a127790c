import { BookOpen, CalendarCheck, ChartColumn, ClipboardList, Contact, FileText, KeyRound, LayoutDashboard, Mail, Network, ShieldCheck, UserRound, Users, type LucideIcon } from 'lucide-react';

/** The icon of each navigation entry (the ROUTES table, lib/access/routes.ts, names them), for the sidebar and its read-only "view as" copy. */
const NAV_ICONS: Record<string, LucideIcon> = {
  dashboard: LayoutDashboard,
  tasks: ClipboardList,
  mail: Mail,
  crm: Contact,
  forms: FileText,
  knowledge: BookOpen,
  insight: ChartColumn,
  users: Users,
  roles: ShieldCheck,
  profile: UserRound,
  leave: CalendarCheck,
  organization: Network,
  licences: KeyRound,
};

export function navIcon(name: string): LucideIcon {
  return NAV_ICONS[name] ?? LayoutDashboard;
}

// Sessions and memberships as the account picker and My security take them. Types only.

export interface UsableMembership {
  accountId: string;
  accountName: string;
  roleNames: string[];
}

export interface MySession {
  idHash: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

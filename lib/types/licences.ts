// What the licence pages and widgets show (issue 17): plain data, shared by the data layer and the UI.

/** Why a pool is flagged on the Licences page. */
export type LicenceNotice = 'ended' | 'ending' | 'full';

/** Pools within this many days of their end are flagged as ending. */
export const LICENCE_ENDING_DAYS = 14;

export interface LicencePoolSummary {
  id: string;
  key: string;
  name: string;
  seats: number;
  used: number;
  /** ISO date-time, or null: no end. */
  endsAt: string | null;
  permissions: string[];
  modules: string[];
  notices: LicenceNotice[];
}

export interface LicenceHolder {
  membershipId: string;
  name: string;
  email: string;
  status: 'active' | 'deactivated' | 'pending';
  /** ISO date-time the seat was given. */
  grantedAt: string;
}

export interface LicencePoolDetail extends LicencePoolSummary {
  holders: LicenceHolder[];
  createdAt: string;
}

/** A pool as one member's Licences widget shows it. */
export interface MemberLicence {
  poolId: string;
  name: string;
  key: string;
  seats: number;
  used: number;
  endsAt: string | null;
  ended: boolean;
  held: boolean;
  /** Labels of what it unlocks (modules by name, then permissions). */
  unlocks: string[];
  /** Whether the viewer may switch it (licences.manage, and they hold everything it unlocks). */
  mayChange: boolean;
}

/** Per member, the outcome of a bulk grant or revoke. */
export type BulkLicenceOutcome = 'granted' | 'revoked' | 'already' | 'not_held' | 'no_seat' | 'deactivated' | 'owner' | 'not_found';

/** What deleting a pool does, shown before it is deleted. */
export interface LicenceDeletionPreview {
  name: string;
  holders: number;
  /** Holders who lose something (another pool still gates it and they hold no seat of one). */
  losing: { membershipId: string; name: string; loses: string[] }[];
  /** What no other pool gates once this one is gone: it follows roles alone again. */
  released: string[];
}

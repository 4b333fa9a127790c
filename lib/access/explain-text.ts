import type { Explanation } from './explain';

/** The explanation in words, for the Permissions widget: "granted by Salesperson ← User", "denied for this user"… */
export function explanationText(explanation: Explanation): string {
  switch (explanation.source) {
    case 'role':
      return `Granted by ${explanation.path.map((link) => link.name).join(' ← ')}`;
    case 'override':
      return 'Granted to this user';
    case 'deny-override':
      return 'Denied for this user';
    case 'hidden-module':
      return 'Blocked: module hidden for this user';
    case 'none':
      return explanation.shadowedPrivilegeIn
        ? `Not granted (“${explanation.shadowedPrivilegeIn.name}” has a custom privilege of this name, which the system permission overrides)`
        : 'Not granted by any role';
  }
}

import type { Explanation } from './explain';

/**
 * The explanation in words, for the Permissions widget: "Granted by Salesperson ← User" (a role based on
 * another), "Granted by Sales (group) → Salesperson ← User" (a role the member holds through a group),
 * "Denied for this user"…
 */
export function explanationText(explanation: Explanation): string {
  switch (explanation.source) {
    case 'role': {
      const path = explanation.path.map((link) => link.name).join(' ← ');
      return explanation.group ? `Granted by ${explanation.group.name} (group) → ${path}` : `Granted by ${path}`;
    }
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

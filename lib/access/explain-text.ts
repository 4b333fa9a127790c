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
    case 'licence':
      return licenceNeededText(explanation.licences);
    case 'none':
      return explanation.shadowedPrivilegeIn
        ? `Not granted (“${explanation.shadowedPrivilegeIn.name}” has a custom privilege of this name, which the system permission overrides)`
        : 'Not granted by any role';
  }
}

/** "CRM Pro licence needed", "CRM Pro or CRM Suite licence needed", "CRM Pro licence needed (theirs has ended)". */
export function licenceNeededText(licences: readonly { name: string; held: boolean; valid: boolean }[]): string {
  const names = licences.map((licence) => licence.name);
  const list = names.length <= 1 ? (names[0] ?? 'A') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  const ended = licences.some((licence) => licence.held && !licence.valid);
  return `${list} licence needed${ended ? ' (the one held has ended)' : ''}`;
}

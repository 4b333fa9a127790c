import type { ComponentProps } from 'react';
import { NativeSelect } from '@/components/ui/native-select';

export interface RoleOption {
  id: string;
  name: string;
  /** Within the actor's own access: only these can be handed out (the server refuses the others too). */
  assignable: boolean;
}

/** A role picker that shows every role and disables those beyond the actor's own permissions. */
export function RoleSelect({ roles, placeholder, ...props }: Omit<ComponentProps<typeof NativeSelect>, 'children'> & { roles: RoleOption[]; placeholder?: string }) {
  return (
    <NativeSelect {...props}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {roles.map((role) => (
        <option key={role.id} value={role.id} disabled={!role.assignable}>
          {role.name}
          {role.assignable ? '' : ' (beyond your permissions)'}
        </option>
      ))}
    </NativeSelect>
  );
}

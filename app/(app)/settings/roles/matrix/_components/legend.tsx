import { Lock } from 'lucide-react';

const swatch = 'inline-flex size-5 items-center justify-center rounded text-xs font-semibold';

/** What the cells look like, in words. */
export function Legend() {
  return (
    <ul className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Legend">
      <li className="flex items-center gap-1.5">
        <span className={`${swatch} bg-primary text-primary-foreground`} aria-hidden>
          ✓
        </span>
        Granted by the role
      </li>
      <li className="flex items-center gap-1.5">
        <span className={`${swatch} border border-dashed border-primary/60 bg-primary/10 text-primary`} aria-hidden>
          ↳
        </span>
        Inherited from its base
      </li>
      <li className="flex items-center gap-1.5">
        <span className={`${swatch} border border-border`} aria-hidden />
        Not granted
      </li>
      <li className="flex items-center gap-1.5">
        <Lock className="size-3.5" aria-hidden /> Locked: built-in role, or beyond your own permissions
      </li>
    </ul>
  );
}

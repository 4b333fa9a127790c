import { licenceNeededText } from '@/lib/access/explain-text';
import type { MatrixColumn, MatrixRow } from '@/lib/types/role-matrix';

/**
 * What one cell shows, for every cell at once, as the resolver's cascade has it: a role grants what it
 * holds itself plus everything its chain grants. Encoded one number per cell (row-major), so 50 roles x
 * 200 rows is one 10,000-entry array computed in about a millisecond:
 * 0 = not granted, 1 = granted by this role, k + 2 = inherited from column k.
 */
export const NOT_GRANTED = 0;
export const GRANTED = 1;

export function computeCellStates(columns: readonly Pick<MatrixColumn, 'id' | 'baseRoleId' | 'own' | 'allPrivileges'>[], rows: readonly Pick<MatrixRow, 'name' | 'category'>[]): Uint16Array {
  const states = new Uint16Array(rows.length * columns.length);
  const indexOf = new Map(columns.map((column, index) => [column.id, index]));
  const own = columns.map((column) => new Set(column.own));
  const holds = (column: number, row: number) => own[column]!.has(rows[row]!.name) || (rows[row]!.category === 'privilege' && columns[column]!.allPrivileges);
  for (let column = 0; column < columns.length; column += 1) {
    for (let row = 0; row < rows.length; row += 1) {
      if (holds(column, row)) {
        states[row * columns.length + column] = GRANTED;
        continue;
      }
      // Nearest role down the chain that holds it (chains are at most 10 links; the guard stops a cycle).
      let base = columns[column]!.baseRoleId;
      for (let hops = 0; base !== null && hops < 16; hops += 1) {
        const at = indexOf.get(base);
        if (at === undefined) break;
        if (holds(at, row)) {
          states[row * columns.length + column] = at + 2;
          break;
        }
        base = columns[at]!.baseRoleId;
      }
    }
  }
  return states;
}

export type LockReason = 'builtin' | 'beyond' | null;

export function lockOf(column: Pick<MatrixColumn, 'builtinKey'>, row: Pick<MatrixRow, 'changeable'>): LockReason {
  if (column.builtinKey) return 'builtin';
  if (!row.changeable) return 'beyond';
  return null;
}

/** The cell in words: what screen readers hear, what the tooltip shows and what the CSV says. */
export function describeCell(state: number, columns: readonly Pick<MatrixColumn, 'name'>[], column: Pick<MatrixColumn, 'name'>, row: Pick<MatrixRow, 'label' | 'licences'>, lock: LockReason): string {
  const what = state === GRANTED ? 'granted by this role' : state === NOT_GRANTED ? 'not granted' : `inherited from ${columns[state - 2]!.name}`;
  const locked = lock === 'builtin' ? ' (locked: built-in role)' : lock === 'beyond' ? ' (locked: beyond your own permissions)' : '';
  // A gated permission: the role grants it, but only the licence's seat holders use it.
  const licence = row.licences?.length && state !== NOT_GRANTED ? `; ${licenceNeededText(row.licences.map((name) => ({ name, held: false, valid: true })))} to use it` : '';
  return `${column.name}: ${row.label} — ${what}${locked}${licence}`;
}

/** The state as a word, for the CSV. */
export function stateWord(state: number, columns: readonly Pick<MatrixColumn, 'name'>[]): string {
  return state === GRANTED ? 'granted' : state === NOT_GRANTED ? '' : `inherited from ${columns[state - 2]!.name}`;
}

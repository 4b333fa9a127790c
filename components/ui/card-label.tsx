/** A value's name, written before it in a table's phone cards only (from `md` the table has its header). */
export function CardLabel({ children }: { children: string }) {
  return <span className="card-label">{children}:</span>;
}

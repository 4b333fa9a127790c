export default function Loading() {
  return (
    <div className="grid max-w-7xl gap-5" aria-busy="true" aria-label="Loading users">
      <div className="h-8 w-40 animate-pulse rounded bg-muted" />
      <div className="h-9 animate-pulse rounded bg-muted" />
      <div className="grid gap-2 rounded-xl border border-border p-4">
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="h-8 animate-pulse rounded bg-muted" />
        ))}
      </div>
    </div>
  );
}

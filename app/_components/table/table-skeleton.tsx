/** The shape of a table card while its rows load. */
export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="card" aria-hidden>
      <div className="flex flex-wrap gap-2 border-b border-slate-200 p-4">
        <div className="skeleton h-8 w-64" />
        <div className="skeleton h-8 w-32" />
        <div className="skeleton h-8 w-32" />
        <div className="skeleton h-8 w-32" />
      </div>
      <div className="space-y-3 p-4">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="skeleton h-5 w-full" />
        ))}
      </div>
    </div>
  );
}

/** Placeholders with the shape of what they stand for, so nothing jumps when data arrives. */
export function CardsSkeleton({ count = 4 }: { count?: number }) {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="card h-24 p-4">
          <div className="skeleton h-3 w-16" />
          <div className="skeleton mt-3 h-7 w-20" />
        </div>
      ))}
    </div>
  );
}

export function ChartSkeleton({ height = 300 }: { height?: number }) {
  return (
    <div className="card p-4" aria-hidden>
      <div className="skeleton h-4 w-40" />
      <div className="skeleton mt-4 w-full" style={{ height }} />
    </div>
  );
}

export function LineSkeleton() {
  return <div className="skeleton h-5 w-96 max-w-full" aria-hidden />;
}

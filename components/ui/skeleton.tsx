export function Skeleton({ className = "h-64", label = "Loading" }: { className?: string; label?: string }) {
  return (
    <div role="status" aria-live="polite" className={`animate-pulse rounded bg-slate-200 ${className}`}>
      <span className="sr-only">{label}…</span>
    </div>
  );
}

import { useEffect, useRef, useState } from "react";

/**
 * The value once it has stopped changing for `ms` (driver toggles refit once, not per click).
 * `leading`: a change after `ms` of quiet applies at once (a single toggle refits without waiting
 * out the delay); changes that follow it within `ms` are coalesced into one trailing update.
 */
export function useDebounced<T>(value: T, ms: number, leading = false): T {
  const [settled, setSettled] = useState(value);
  const lastChange = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    const now = performance.now();
    const quiet = now - lastChange.current >= ms;
    lastChange.current = now;
    const t = setTimeout(() => setSettled(value), leading && quiet ? 0 : ms);
    return () => clearTimeout(t);
  }, [value, ms, leading]);
  return settled;
}

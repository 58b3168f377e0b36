/**
 * A small note in builds made for the offline backend (`npm run dev:offline`, the e2e journeys),
 * which set NEXT_PUBLIC_FOLIO_OFFLINE_BACKEND=1: the data lives in that process's memory and is
 * gone when it stops. Renders nothing in every other build.
 */
export function OfflineBackendNote({ enabled = process.env.NEXT_PUBLIC_FOLIO_OFFLINE_BACKEND === "1" }: { enabled?: boolean }) {
  if (!enabled) return null;
  return (
    <aside
      aria-label="Offline backend"
      className="pointer-events-none fixed bottom-3 left-3 z-40 rounded-full bg-paper-raised/90 px-3 py-1 text-xs text-ink-muted shadow-sm ring-1 ring-line"
    >
      Offline backend: data lives in memory
    </aside>
  );
}

/**
 * A small note in builds made for the offline backend (`npm run dev:offline`, the e2e journeys),
 * which set NEXT_PUBLIC_FOLIO_OFFLINE_BACKEND=1: the data lives in that process's memory and is
 * gone when it stops. Renders nothing in every other build.
 */
export function OfflineBackendNote({ enabled = process.env.NEXT_PUBLIC_FOLIO_OFFLINE_BACKEND === "1" }: { enabled?: boolean }) {
  if (!enabled) return null;
  return (
    // A slim strip above the page, in the flow: it never covers content.
    <aside
      aria-label="Offline backend"
      className="border-b border-line bg-paper-sunken px-4 py-1 text-center text-xs text-ink-muted"
    >
      Running on the offline backend: data lives in memory and is gone when it stops.
    </aside>
  );
}

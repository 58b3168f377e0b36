/** Shown instead of the app when the build has no NEXT_PUBLIC_CONVEX_URL. */
export function BackendNotConfigured() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center px-6 py-16">
      <p className="font-serif text-lg text-ink-muted">Folio</p>
      <h1 className="mt-2 font-serif text-3xl">
        Backend not configured: run <code className="font-mono text-2xl">npm run dev</code>
      </h1>
      <p className="mt-4 text-ink-muted">
        This build has no Convex backend URL (<code className="font-mono text-sm">NEXT_PUBLIC_CONVEX_URL</code>).{" "}
        <code className="font-mono text-sm">npm run dev</code> starts a local Convex backend and the web app together and writes
        the URL to <code className="font-mono text-sm">.env.local</code>.
      </p>
    </main>
  );
}

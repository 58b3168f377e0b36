"use client";

import { ConvexAuthProvider } from "@convex-dev/auth/react";
import { ConvexReactClient } from "convex/react";
import { useSyncExternalStore, type ReactNode } from "react";
import { ToastProvider } from "@/components/ui/Toast";
import { BackendNotConfigured } from "./BackendNotConfigured";
import { FullPageStatus } from "./FullPageStatus";
import { OfflineBackendNote } from "./OfflineBackendNote";

// Inlined at build time. A build without it (CI, `npm run build:local`) must still succeed offline.
const CONVEX_URL = process.env.NEXT_PUBLIC_CONVEX_URL;

let client: ConvexReactClient | undefined;

/** One client per browser tab, created on first use in the browser (never during prerendering). */
function getConvexClient(url: string): ConvexReactClient {
  client ??= new ConvexReactClient(url);
  return client;
}

const subscribeNothing = () => () => {};

/** False while prerendering and hydrating, true once running in the browser. */
function useIsBrowser(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

function ConvexClientProvider({ url, children }: { url: string; children: ReactNode }) {
  const isBrowser = useIsBrowser();
  if (!isBrowser) return <FullPageStatus />;
  return <ConvexAuthProvider client={getConvexClient(url)}>{children}</ConvexAuthProvider>;
}

/** App-wide providers: Convex + Convex Auth (when configured) and toasts. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <ToastProvider>
      <OfflineBackendNote />
      {CONVEX_URL ? <ConvexClientProvider url={CONVEX_URL}>{children}</ConvexClientProvider> : <BackendNotConfigured />}
    </ToastProvider>
  );
}

"use client";

import { useConvexAuth } from "convex/react";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { FullPageStatus } from "@/components/providers/FullPageStatus";

/**
 * Renders children for a signed-in reader; sends everyone else to /sign-in.
 * `fallback` replaces the default full-page status while checking or redirecting.
 */
export function RequireAuth({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const router = useRouter();

  useEffect(() => {
    if (!isLoading && !isAuthenticated) router.replace("/sign-in");
  }, [isLoading, isAuthenticated, router]);

  if (isLoading) return fallback !== undefined ? <>{fallback}</> : <FullPageStatus label="Opening your library…" />;
  if (!isAuthenticated) return fallback !== undefined ? <>{fallback}</> : <FullPageStatus label="Redirecting to sign in…" />;
  return <>{children}</>;
}

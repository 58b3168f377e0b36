"use client";

import { useConvexAuth } from "convex/react";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { FullPageStatus } from "@/components/providers/FullPageStatus";

/** Shows children to signed-out visitors; sends signed-in readers to `to` (default /library). */
export function RedirectWhenSignedIn({ children, to = "/library" }: { children: ReactNode; to?: string }) {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const router = useRouter();

  useEffect(() => {
    if (isAuthenticated) router.replace(to);
  }, [isAuthenticated, router, to]);

  if (isLoading) return <FullPageStatus />;
  if (isAuthenticated) return <FullPageStatus label="Opening your library…" />;
  return <>{children}</>;
}

"use client";

import { LibraryError } from "@/components/book/LibraryError";

export default function LibraryErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <LibraryError onRetry={reset} />;
}

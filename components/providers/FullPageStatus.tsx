import { Spinner } from "@/components/ui/Spinner";

/** A centred, announced loading message for whole-page waits (auth check, first load). */
export function FullPageStatus({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex min-h-[50dvh] items-center justify-center gap-3 text-ink-muted">
      <Spinner className="size-5" />
      <span>{label}</span>
    </div>
  );
}

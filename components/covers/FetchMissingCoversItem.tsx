"use client";

import { DropdownMenuItem } from "@/components/ui/DropdownMenu";

/** The overflow-menu entry that starts "Fetch missing covers"; disabled while a run is going. */
export function FetchMissingCoversItem({ running, onRun }: { running: boolean; onRun: () => void }) {
  return (
    <DropdownMenuItem disabled={running} onSelect={onRun}>
      {running ? "Fetching missing covers…" : "Fetch missing covers"}
    </DropdownMenuItem>
  );
}

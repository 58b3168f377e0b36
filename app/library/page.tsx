import type { Metadata } from "next";
import { LibraryShell } from "@/components/book/LibraryShell";
import { LibraryView } from "@/components/book/LibraryView";

export const metadata: Metadata = { title: "Library" };

export default function LibraryPage() {
  return (
    <LibraryShell>
      <LibraryView />
    </LibraryShell>
  );
}

import type { Metadata } from "next";
import { LibraryShell } from "@/components/book/LibraryShell";
import { ImportFlow } from "@/components/import/ImportFlow";

export const metadata: Metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <LibraryShell>
      <ImportFlow />
    </LibraryShell>
  );
}

import type { Metadata } from "next";
import { LibraryShell } from "@/components/book/LibraryShell";
import { LibraryView } from "@/components/book/LibraryView";

export const metadata: Metadata = { title: "Library" };

/** `/library`, and `/library?cover=missing` for the wall's "No cover yet" filter. */
export default async function LibraryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const withoutCover = (await searchParams).cover === "missing";
  return (
    <LibraryShell>
      {/* A new link (the cover toast's "Show them") opens the wall anew on its filter. */}
      <LibraryView key={withoutCover ? "no-cover" : "all"} initialWithoutCover={withoutCover} />
    </LibraryShell>
  );
}

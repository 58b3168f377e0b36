import type { Metadata } from "next";
import type { Id } from "@/convex/_generated/dataModel";
import { BookDetail } from "@/components/book/BookDetail";
import { LibraryShell } from "@/components/book/LibraryShell";

export const metadata: Metadata = { title: "Book" };

export default async function BookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <LibraryShell>
      <BookDetail bookId={id as Id<"books">} />
    </LibraryShell>
  );
}

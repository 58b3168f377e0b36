"use client";

import { useQuery } from "convex/react";
import Link from "next/link";
import { api } from "@/convex/_generated/api";
import { cn } from "@/components/ui/cn";

/** The wall's "No cover yet" filter. */
export const NO_COVER_YET_HREF = "/library?cover=missing";

const number = new Intl.NumberFormat("en");

/** "See the 232 books with no cover yet", from the kept count; nothing while every book has a cover. */
export function NoCoverYetLink({ className }: { className?: string }) {
  const counts = useQuery(api.library.counts);
  const n = counts?.withoutCover ?? 0;
  if (n === 0) return null;
  return (
    <Link href={NO_COVER_YET_HREF} className={cn("text-sm font-medium text-accent underline underline-offset-2", className)}>
      {n === 1 ? "See the 1 book with no cover yet" : `See the ${number.format(n)} books with no cover yet`}
    </Link>
  );
}

import type { Id } from "@/convex/_generated/dataModel";
import { checkCoverFile } from "@/lib/books/coverFile";

/** Client-side pre-check (type, ≤ 5 MB) with the server's rules and messages; null when fine. */
export function coverFileProblem(file: File): string | null {
  const check = checkCoverFile({ contentType: file.type, size: file.size });
  return check.ok ? null : check.message;
}

export class CoverUploadError extends Error {
  constructor() {
    super("Could not upload the cover image. Please try again.");
    this.name = "CoverUploadError";
  }
}

/** Uploads an image to Convex storage through a fresh upload URL and returns its storage id. */
export async function uploadCoverFile(file: File, generateUploadUrl: () => Promise<string>): Promise<Id<"_storage">> {
  const url = await generateUploadUrl();
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "Content-Type": file.type }, body: file });
  } catch {
    throw new CoverUploadError();
  }
  if (!response.ok) throw new CoverUploadError();
  const body = (await response.json().catch(() => null)) as { storageId?: unknown } | null;
  if (!body || typeof body.storageId !== "string") throw new CoverUploadError();
  return body.storageId as Id<"_storage">;
}

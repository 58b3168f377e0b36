/**
 * Settings → "Export my library": the whole library goes into the file page by page, with a
 * progress bar, and the file imports back.
 */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { api } from "@/convex/_generated/api";
import { SettingsView } from "@/components/settings/SettingsView";
import { ToastProvider } from "@/components/ui/Toast";
import { parseImportFile } from "@/lib/import";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend, type SignedIn } from "../support/users";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), push: vi.fn() }) }));

async function seed(as: SignedIn, n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    line: i + 1,
    title: i === 0 ? "=Dangerous title" : `Book ${i}`,
    author: "A. Writer",
    status: "read" as const,
    review: `Review ${i}\nsecond line`,
    rating: 3.75,
  }));
  await as.mutation(api.imports.commit, { clientImportId: "seed", format: "txt", rows, startCoverBackfill: false });
}

/** A Blob's text (jsdom's Blob has no text()). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** Captures the downloaded file: the Blob handed to URL.createObjectURL and the link's file name. */
function captureDownload() {
  const files: { blob: Blob; name: string }[] = [];
  let last: Blob | undefined;
  vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
    last = blob as Blob;
    return "blob:export";
  });
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    if (last) files.push({ blob: last, name: this.download });
  });
  return files;
}

describe("Settings: Export my library", () => {
  it("writes the full JSON page by page with a progress bar, and the file imports back with every book", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await seed(as, 230);
    const files = captureDownload();
    const user = userEvent.setup();
    renderWithConvex(<SettingsView />, { t, as, wrapper: ToastProvider });

    expect(await screen.findByText(/Take your library with you \(230 books\)/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Download full JSON" }));
    // The bar is shown while the pages are written; the export may already have finished and
    // removed it by the time this line runs, so check what it said, not that it is still there.
    const bar = await screen.findByRole("progressbar", { name: "Export progress" });
    expect(bar).toHaveAttribute("aria-valuemax", "230");
    expect(await screen.findByText(/Exported 230 books to folio-library-\d{4}-\d{2}-\d{2}\.json\./)).toBeInTheDocument();

    expect(files).toHaveLength(1);
    const parsed = parseImportFile(files[0].name, await blobText(files[0].blob));
    expect(parsed.format).toBe("folio");
    expect(parsed.rows).toHaveLength(230);
    expect(parsed.rows[0]).toMatchObject({ title: "=Dangerous title", review: "Review 0\nsecond line", rating: 3.75 });
  });

  it("writes the Goodreads CSV with its header and escaped cells", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await seed(as, 3);
    const files = captureDownload();
    const user = userEvent.setup();
    renderWithConvex(<SettingsView />, { t, as, wrapper: ToastProvider });

    await user.click(await screen.findByRole("button", { name: "Download Goodreads CSV" }));
    await waitFor(() => expect(files).toHaveLength(1));
    const text = await blobText(files[0].blob);
    expect(text.split("\n")[0]).toMatch(/^Book Id,Title,Author,/);
    expect(text).toContain("'=Dangerous title");
    expect(files[0].name).toMatch(/^folio-goodreads-.*\.csv$/);
    expect(parseImportFile(files[0].name, text).rows.map((r) => r.title)).toEqual(["=Dangerous title", "Book 1", "Book 2"]);
  });

  it("says that uploaded covers cannot travel in the file, and what happens to those books", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await seed(as, 1);
    renderWithConvex(<SettingsView />, { t, as, wrapper: ToastProvider });
    const section = await screen.findByRole("region", { name: "Export my library" });
    expect(section).toHaveTextContent(
      "Covers you uploaded stay in this library: a picture file cannot travel inside the export, so when you import it into another library Folio looks for a cover for those books.",
    );
  });

  it("offers nothing to export for an empty library", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    renderWithConvex(<SettingsView />, { t, as, wrapper: ToastProvider });
    await waitFor(() => expect(screen.getByRole("button", { name: "Download full JSON" })).toBeDisabled());
    expect(screen.getByRole("button", { name: "Download Goodreads CSV" })).toBeDisabled();
  });
});

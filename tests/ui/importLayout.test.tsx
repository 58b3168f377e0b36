/**
 * The import screens where a reader can see them: a file problem is shown, and focused, where the
 * file was chosen; the preview keeps its primary action and the counts together in one bar that
 * stays in view (sticky) however long the table.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ImportFlow } from "@/components/import/ImportFlow";
import { ToastProvider } from "@/components/ui/Toast";
import { renderWithConvex } from "../support/renderWithConvex";
import { createUser, newBackend } from "../support/users";

async function setup() {
  const t = newBackend();
  const { as } = await createUser(t);
  renderWithConvex(<ImportFlow coverBackfill={false} />, { t, as, wrapper: ToastProvider });
  return { user: userEvent.setup() };
}

const csv = (text: string, name = "books.csv") => new File([text], name, { type: "text/csv" });

describe("import layout", () => {
  it("shows a file problem next to the file chooser and moves focus to it", async () => {
    const { user } = await setup();
    // Found once the file has been read (the browser has put focus back on the chooser by then).
    await user.upload(screen.getByLabelText("Choose a file"), csv("Title,Author\n", "header-only.csv"));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The file has a header row but no books under it.");
    await waitFor(() => expect(alert).toHaveFocus());
    // In the drop zone, right after the chooser: not below the fold under the status line.
    const chooser = screen.getByText("Choose a file", { selector: "label" });
    expect(chooser.parentElement).toContainElement(alert);
  });

  it("keeps Import and the counts together in a sticky action bar", async () => {
    const { user } = await setup();
    const rows = ["Title,Author", ...Array.from({ length: 30 }, (_, i) => `Book ${i},Author ${i}`), ",No title"];
    await user.upload(screen.getByLabelText("Choose a file"), csv(rows.join("\n")));
    const bar = await screen.findByRole("group", { name: "Import" });
    expect(bar.className).toMatch(/\bsticky\b/);
    expect(within(bar).getByRole("button", { name: "Import 30 books" })).toBeInTheDocument();
    expect(bar).toHaveTextContent("30 new · 1 invalid");
  });
});

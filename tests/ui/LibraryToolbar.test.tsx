import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LibraryToolbar } from "@/components/book/LibraryToolbar";
import { DropdownMenuItem } from "@/components/ui/DropdownMenu";

function setup() {
  const onAddBook = vi.fn();
  const onFetch = vi.fn();
  render(
    <LibraryToolbar
      bookCount={3}
      onAddBook={onAddBook}
      menuItems={<DropdownMenuItem onSelect={onFetch}>Fetch missing covers</DropdownMenuItem>}
    />,
  );
  return { user: userEvent.setup(), onAddBook, onFetch };
}

describe("LibraryToolbar", () => {
  it("shows the heading, the count and an Add book button", async () => {
    const { user, onAddBook } = setup();
    expect(screen.getByRole("heading", { name: "Library" })).toBeInTheDocument();
    expect(screen.getByText("3 books")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add book" }));
    expect(onAddBook).toHaveBeenCalledTimes(1);
  });

  it("opens the overflow menu with Enter and activates an item with the keyboard alone", async () => {
    const { user, onFetch } = setup();
    await user.tab(); // Add book
    await user.tab(); // More library actions
    const trigger = screen.getByRole("button", { name: "More library actions" });
    expect(trigger).toHaveFocus();
    expect(trigger).toHaveAttribute("aria-haspopup", "menu");
    expect(screen.queryByRole("menu")).toBeNull();

    await user.keyboard("{Enter}");
    const menu = await screen.findByRole("menu");
    expect(trigger).toHaveAttribute("aria-expanded", "true");
    const items = screen.getAllByRole("menuitem");
    expect(items.map((item) => item.textContent)).toEqual(["Fetch missing covers", "Import library"]);
    expect(items[0]).toHaveFocus();

    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("menuitem", { name: "Import library" })).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(screen.getByRole("menuitem", { name: "Fetch missing covers" })).toHaveFocus();

    await user.keyboard("{Enter}");
    expect(onFetch).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(menu).not.toBeInTheDocument());
    expect(trigger).toHaveFocus();
  });

  it("opens with ArrowDown, links Import library to /import and closes with Escape", async () => {
    const { user, onFetch } = setup();
    screen.getByRole("button", { name: "More library actions" }).focus();
    await user.keyboard("{ArrowDown}");
    await screen.findByRole("menu");
    const importItem = screen.getByRole("menuitem", { name: "Import library" });
    expect(importItem).toHaveAttribute("href", "/import");

    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("menu")).toBeNull());
    expect(screen.getByRole("button", { name: "More library actions" })).toHaveFocus();
    expect(onFetch).not.toHaveBeenCalled();
  });
});

describe("LibraryToolbar's overflow menu and the landmarks", () => {
  it("opens inside the page's main landmark, not in a portal after it (axe: region)", async () => {
    render(
      <main>
        <LibraryToolbar bookCount={1} onAddBook={() => {}} />
      </main>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "More library actions" }));
    const menu = await screen.findByRole("menu");
    expect(screen.getByRole("main")).toContainElement(menu);
  });
});

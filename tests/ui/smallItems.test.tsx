/**
 * The small things a reader met in the first hour: stand-in covers that break words mid-word, a
 * rating badge over a found cover's author line, a landing link that opened the wrong mode, a
 * password hint that repeated the error, and an unstyled file input in the add-book sheet.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Id } from "@/convex/_generated/dataModel";
import { Landing } from "@/components/auth/Landing";
import { SignInForm } from "@/components/auth/SignInForm";
import { BookCoverPlaceholder } from "@/components/book/BookCoverPlaceholder";
import { BookTile } from "@/components/book/BookTile";
import {
  placeholderTitleFontSize,
  PLACEHOLDER_CHAR_WIDTH_EM,
  PLACEHOLDER_TEXT_WIDTH_CQW,
} from "@/components/book/placeholderText";

const auth = vi.hoisted(() => ({ signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("@convex-dev/auth/react", () => ({ useAuthActions: () => auth }));

describe("stand-in covers", () => {
  it("never break a word: the title is sized so its longest word fits the line", () => {
    render(<BookCoverPlaceholder title="Notes from Underground" author="Fyodor Dostoevsky" />);
    const title = screen.getByText("Notes from Underground");
    expect(title.className).not.toMatch(/break-words|break-all|hyphens-auto/);
    expect(title.style.overflowWrap).toBe("normal");
    expect(title.style.wordBreak).toBe("normal");
    // jsdom drops container-query sizes from the style, so the size itself is checked below.
    expect(placeholderTitleFontSize("Notes from Underground")).toBe(placeholderTitleFontSize("Underground"));
  });

  it("while finding a cover, only the decoration shimmers: the title and author keep their contrast (axe)", () => {
    render(<BookCoverPlaceholder title="Austerlitz" author="W. G. Sebald" lookingForCover />);
    expect(screen.getByText("Austerlitz").closest(".animate-shimmer")).toBeNull();
    expect(screen.getByText("W. G. Sebald").closest(".animate-shimmer")).toBeNull();
    expect(screen.getByTestId("cover-placeholder").querySelectorAll(".animate-shimmer").length).toBeGreaterThan(0);
  });

  it.each(["Underground", "Extraordinarily", "Supercalifragilistic"])("sizes %s so it fits in one line", (word) => {
    const size = placeholderTitleFontSize(word);
    const cqw = Number(/min\(11cqw, ([\d.]+)cqw\)/.exec(size)?.[1]);
    expect(cqw * PLACEHOLDER_CHAR_WIDTH_EM * [...word].length).toBeLessThanOrEqual(PLACEHOLDER_TEXT_WIDTH_CQW + 0.01);
  });
});

describe("the rating on a tile", () => {
  it("sits under the cover, never over it", () => {
    render(
      <BookTile
        book={{
          _id: "b1" as Id<"books">,
          title: "Dune",
          author: "Frank Herbert",
          rating: 4.5,
          apiCoverUrl: "https://covers.openlibrary.org/b/id/1-L.jpg",
        }}
      />,
    );
    const image = screen.getByRole("img", { name: "Cover of Dune" });
    const coverBox = image.parentElement!;
    const stars = screen.getByRole("link").querySelector("svg")!.closest("span[aria-hidden]")!;
    expect(coverBox.contains(stars)).toBe(false);
    expect(stars.className).not.toMatch(/\babsolute\b/);
  });
});

describe("signing in", () => {
  it("the landing page has one way in for each mode", () => {
    render(<Landing />);
    expect(screen.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/sign-in?mode=sign-up");
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
  });

  it("the sign-in page opens on sign-up when asked", () => {
    render(<SignInForm initialFlow="signUp" />);
    expect(screen.getByRole("heading", { name: "Create your library" })).toBeInTheDocument();
  });

  it("the password hint gives way to the error instead of repeating it", async () => {
    const user = userEvent.setup();
    render(<SignInForm initialFlow="signUp" />);
    expect(screen.getByText("At least 8 characters.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), "reader@example.com");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByText("Use at least 8 characters")).toBeInTheDocument();
    expect(screen.queryByText("At least 8 characters.")).toBeNull();
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Use at least 8 characters");
  });
});

describe("the app icon", () => {
  it("is served by the app (no favicon 404 on every page)", () => {
    const icon = path.join(import.meta.dirname, "../../app/icon.svg");
    expect(existsSync(icon)).toBe(true);
    expect(readFileSync(icon, "utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});

describe("the add-book sheet's cover input", () => {
  it("is drawn as a button that names the chosen file, like the rest of the form", async () => {
    const { renderWithConvex } = await import("../support/renderWithConvex");
    const { createUser, newBackend } = await import("../support/users");
    const { AddBookSheet } = await import("@/components/book/AddBookSheet");
    const t = newBackend();
    const { as } = await createUser(t);
    const { ToastProvider } = await import("@/components/ui/Toast");
    renderWithConvex(<AddBookSheet open onOpenChange={() => {}} />, { t, as, wrapper: ToastProvider });
    const dialog = await screen.findByRole("dialog", { name: "Add a book" });
    const input = within(dialog).getByLabelText(/Cover image/) as HTMLInputElement;
    expect(input.className).toMatch(/\bsr-only\b/);
    const button = within(dialog).getByText("Choose an image");
    expect(button.tagName).toBe("LABEL");
    expect(button).toHaveAttribute("for", input.id);
    expect(within(dialog).getByText("No image chosen")).toBeInTheDocument();
    const user = userEvent.setup();
    await user.upload(input, new File(["x"], "cover.png", { type: "image/png" }));
    expect(within(dialog).getByText("cover.png")).toBeInTheDocument();
    expect(within(dialog).getByText("Choose another image")).toBeInTheDocument();
  });
});

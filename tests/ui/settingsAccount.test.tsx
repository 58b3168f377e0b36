/**
 * Settings shows the account: its email and a password change for a password account, what a
 * guest session means for a guest. The real functions run underneath (convex-test).
 */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SettingsView } from "@/components/settings/SettingsView";
import { ToastProvider } from "@/components/ui/Toast";
import { renderWithConvex } from "../support/renderWithConvex";
import { hashPassword } from "../support/passwordHash";
import { newBackend } from "../support/users";

vi.mock("next/navigation", () => ({ useRouter: () => ({ replace: vi.fn(), push: vi.fn() }) }));

async function render(kind: "password" | "guest") {
  const t = newBackend();
  const secret = kind === "password" ? await hashPassword("old password 1") : undefined;
  const subject = await t.run(async (ctx) => {
    const userId = await ctx.db.insert("users", kind === "password" ? { email: "reader@example.com" } : { isAnonymous: true });
    if (secret)
      await ctx.db.insert("authAccounts", { userId, provider: "password", providerAccountId: "reader@example.com", secret });
    const sessionId = await ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 86_400_000 });
    return `${userId}|${sessionId}`;
  });
  renderWithConvex(<SettingsView />, { t, as: t.withIdentity({ subject }), wrapper: ToastProvider });
  return { user: userEvent.setup() };
}

describe("Settings: your account", () => {
  it("shows the email and changes the password after checking the current one", async () => {
    const { user } = await render("password");
    const section = await screen.findByRole("region", { name: "Your account" });
    expect(await within(section).findByText("reader@example.com")).toBeInTheDocument();
    const form = within(section).getByRole("form", { name: "Change your password" });

    await user.type(within(form).getByLabelText("Current password"), "wrong password");
    await user.type(within(form).getByLabelText("New password"), "new password 2");
    await user.click(within(form).getByRole("button", { name: "Change password" }));
    expect(await within(form).findByText("That is not your current password")).toBeInTheDocument();
    expect(within(form).getByLabelText("Current password")).toHaveFocus();

    await user.clear(within(form).getByLabelText("Current password"));
    await user.type(within(form).getByLabelText("Current password"), "old password 1");
    await user.click(within(form).getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("Password changed")).toBeInTheDocument();
    expect(within(form).getByLabelText("Current password")).toHaveValue("");
    expect(within(form).getByLabelText("New password")).toHaveValue("");
  }, 20_000);

  it("tells a guest what a guest session is, with no password to change", async () => {
    await render("guest");
    const section = await screen.findByRole("region", { name: "Your account" });
    expect(await within(section).findByText(/You are using Folio as a guest/)).toBeInTheDocument();
    expect(within(section).queryByRole("form", { name: "Change your password" })).toBeNull();
  });
});

// Signing up, out and in; a wrong password; a reload keeps the session; a guest gets an empty library.
import { expect } from "vitest";
import { expectAccessible } from "./support/axe";
import { journey } from "./support/journey";
import { continueAsGuest, newEmail, openSignIn, signIn, signUp, waitForLibrary } from "./support/reader";

journey(
  "a reader signs up with a password, signs out, mistypes the password, signs in, and a reload keeps the session",
  async (j) => {
    const { page } = j;
    const email = newEmail("reader");
    const password = "a long enough password";

    await openSignIn(page, j.webUrl);
    await page.getByRole("complementary", { name: "Offline backend" }).waitFor();
    await j.screenshot("sign-in");
    await expectAccessible(page, "sign-in");

    await signUp(page, j.webUrl, email, password);
    await page.getByText("Your shelves are waiting").waitFor();
    await expectAccessible(page, "library-empty");

    await page.getByRole("button", { name: "Sign out" }).click();
    // Signed out: the library sends the visitor away.
    await page.waitForURL((url) => url.pathname !== "/library");
    await page.getByRole("button", { name: "Sign out" }).waitFor({ state: "detached" });
    await openSignIn(page, j.webUrl);

    await signIn(page, email, "not the password");
    await page.getByText("That email and password don't match an account.").waitFor();
    await expectAccessible(page, "sign-in-wrong-password");
    expect(page.url()).toContain("/sign-in");

    await signIn(page, email, password);
    await waitForLibrary(page);

    await page.reload();
    await waitForLibrary(page);
    expect(new URL(page.url()).pathname).toBe("/library");
  },
);

journey("a guest gets their own, empty library", async (j) => {
  await continueAsGuest(j.page, j.webUrl);
  await j.page.getByText("Your shelves are waiting").waitFor();
  expect(await j.page.getByRole("link", { name: /^Cover of / }).count()).toBe(0);
  await j.screenshot("guest-empty-library");
});

import { screen, render, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SignInForm } from "@/components/auth/SignInForm";

// Convex Auth's sign-in needs the auth HTTP/JWT machinery that convex-test does not run, so
// this test stubs the hook boundary only: useAuthActions().signIn.
const auth = vi.hoisted(() => ({ signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("@convex-dev/auth/react", () => ({ useAuthActions: () => auth }));

function fields(data: FormData) {
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
}

describe("SignInForm", () => {
  beforeEach(() => {
    auth.signIn.mockReset();
  });

  it("signs in with email and password", async () => {
    auth.signIn.mockResolvedValue({ signingIn: true });
    const user = userEvent.setup();
    render(<SignInForm />);
    await user.type(screen.getByLabelText("Email"), " reader@example.com ");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(auth.signIn).toHaveBeenCalledTimes(1);
    const [provider, data] = auth.signIn.mock.calls[0];
    expect(provider).toBe("password");
    expect(fields(data as FormData)).toEqual({ email: "reader@example.com", password: "correct horse", flow: "signIn" });
  });

  it("switches to sign-up, and checks the fields before calling the server", async () => {
    const user = userEvent.setup();
    render(<SignInForm />);
    await user.click(screen.getByRole("button", { name: "Create an account" }));
    expect(screen.getByRole("heading", { name: "Create your library" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), "not-an-email");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByText("Enter an email address like name@example.com")).toBeInTheDocument();
    expect(screen.getByText("Use at least 8 characters")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(auth.signIn).not.toHaveBeenCalled();

    auth.signIn.mockResolvedValue({ signingIn: true });
    await user.clear(screen.getByLabelText("Email"));
    await user.type(screen.getByLabelText("Email"), "new@example.com");
    await user.clear(screen.getByLabelText("Password"));
    await user.type(screen.getByLabelText("Password"), "long enough");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(fields(auth.signIn.mock.calls[0][1] as FormData).flow).toBe("signUp");
  });

  it("shows a readable message, never the raw server error", async () => {
    auth.signIn.mockRejectedValue(new Error("[CONVEX A(auth:signIn)] Server Error Uncaught Error: InvalidSecret"));
    const user = userEvent.setup();
    render(<SignInForm />);
    await user.type(screen.getByLabelText("Email"), "reader@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That email and password don't match an account.");
    expect(screen.queryByText(/InvalidSecret/)).toBeNull();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("explains an existing account on sign-up without echoing the email", async () => {
    auth.signIn.mockRejectedValue(new Error("Uncaught Error: Account reader@example.com already exists"));
    const user = userEvent.setup();
    render(<SignInForm />);
    await user.click(screen.getByRole("button", { name: "Create an account" }));
    await user.type(screen.getByLabelText("Email"), "reader@example.com");
    await user.type(screen.getByLabelText("Password"), "long enough");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("An account with this email already exists. Sign in instead.");
    expect(alert).not.toHaveTextContent("reader@example.com");
  });

  it("continues as a guest, busy while signing in", async () => {
    let finish!: () => void;
    auth.signIn.mockReturnValue(new Promise<void>((resolve) => (finish = resolve)));
    const user = userEvent.setup();
    render(<SignInForm />);
    const guest = screen.getByRole("button", { name: "Continue as guest" });
    await user.click(guest);
    expect(auth.signIn).toHaveBeenCalledWith("anonymous");
    expect(guest).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeDisabled();
    finish();
    await waitFor(() => expect(auth.signIn).toHaveBeenCalledTimes(1));
  });
});

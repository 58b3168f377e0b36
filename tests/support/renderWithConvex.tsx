/**
 * render() for components that use convex/react hooks: the real hooks, the real
 * Convex functions (convex-test), no mocks. See convexTestReactClient.ts.
 *
 *   const t = newBackend();
 *   const { as } = await createUser(t, "Ada");
 *   const { client } = renderWithConvex(<Library />, { t, as });
 *   expect(await screen.findByText("Dune")).toBeInTheDocument();
 */
import { ConvexAuthProvider } from "@convex-dev/auth/react";
import { act, render } from "@testing-library/react";
import type { RenderOptions, RenderResult } from "@testing-library/react";
import { ConvexProviderWithAuth } from "convex/react";
import type { ComponentType, ReactElement, ReactNode } from "react";
import { ConvexTestReactClient } from "./convexTestReactClient";
import type { TestBackend } from "./convexTestReactClient";

export { ConvexTestReactClient } from "./convexTestReactClient";
export type { RunScheduledOptions, TestBackend } from "./convexTestReactClient";

export interface RenderWithConvexOptions extends Omit<RenderOptions, "wrapper" | "queries"> {
  /** The convex-test instance (`newBackend()`). Needed for signed-out rendering and sign-out. */
  t?: TestBackend;
  /** The signed-in accessor from `createUser(t)`. Omit to render signed out. */
  as?: TestBackend;
  /** Reuse a client (e.g. to render a second tree on the same client). Created from `t`/`as` otherwise. */
  client?: ConvexTestReactClient;
  /** App-level providers (toasts, theme, …), rendered inside the Convex provider. */
  wrapper?: ComponentType<{ children: ReactNode }>;
  /**
   * "convex" (default): ConvexProviderWithAuth with a settled test auth state, so
   *   `useConvexAuth()` from "convex/react" reports the user right after render().
   * "convex-auth": the app's real `ConvexAuthProvider` from @convex-dev/auth/react with
   *   a pre-seeded token, for components that use `useAuthActions()` / its `useConvexAuth`.
   *   Auth settles a few microtasks after render (use findBy / waitForConvex).
   */
  auth?: "convex" | "convex-auth";
}

export type RenderWithConvexResult = RenderResult & { client: ConvexTestReactClient };

const TEST_TOKEN = "convex-test-token";
const STORAGE_NAMESPACE = "convex-test";

/** Storage for ConvexAuthProvider, seeded like a browser that is already signed in. */
function seededAuthStorage(signedIn: boolean) {
  const items = new Map<string, string>();
  const ns = STORAGE_NAMESPACE.replace(/[^a-zA-Z0-9]/g, "");
  if (signedIn) {
    items.set(`__convexAuthJWT_${ns}`, TEST_TOKEN);
    items.set(`__convexAuthRefreshToken_${ns}`, "convex-test-refresh-token");
  }
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function makeConvexWrapper(client: ConvexTestReactClient, mode: "convex" | "convex-auth") {
  if (mode === "convex-auth") {
    const storage = seededAuthStorage(client.signedIn);
    return function ConvexAuthTestProvider({ children }: { children: ReactNode }) {
      return (
        <ConvexAuthProvider client={client.reactClient} storage={storage} storageNamespace={STORAGE_NAMESPACE}>
          {children}
        </ConvexAuthProvider>
      );
    };
  }
  const fetchAccessToken = async () => (client.signedIn ? TEST_TOKEN : null);
  const authState = { isLoading: false, isAuthenticated: client.signedIn, fetchAccessToken };
  const useTestAuth = () => authState;
  return function ConvexTestProvider({ children }: { children: ReactNode }) {
    return (
      <ConvexProviderWithAuth client={client.reactClient} useAuth={useTestAuth}>
        {children}
      </ConvexProviderWithAuth>
    );
  };
}

/** Renders `ui` under a Convex provider backed by the real functions in convex-test. */
export function renderWithConvex(ui: ReactElement, options: RenderWithConvexOptions): RenderWithConvexResult {
  const { t, as, client: given, wrapper: AppWrapper, auth = "convex", ...renderOptions } = options;
  // Closed automatically when the test finishes.
  const client = given ?? new ConvexTestReactClient({ t, as });
  const ConvexWrapper = makeConvexWrapper(client, auth);
  function Wrapper({ children }: { children: ReactNode }) {
    return <ConvexWrapper>{AppWrapper ? <AppWrapper>{children}</AppWrapper> : children}</ConvexWrapper>;
  }
  const result = render(ui, { ...renderOptions, wrapper: Wrapper });
  return Object.assign(result, { client });
}

/**
 * Waits until no test client has anything in flight (query runs, mutations, actions,
 * refreshes) and React has committed the resulting updates.
 */
export async function waitForConvex(client: ConvexTestReactClient): Promise<void> {
  await act(async () => {
    await client.settle();
  });
}

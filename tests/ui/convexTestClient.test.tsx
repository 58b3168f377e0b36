/**
 * The test client itself: real convex/react hooks over the real Convex functions (convex-test).
 */
import { useAuthActions, useConvexAuth as useConvexAuthFromConvexAuth } from "@convex-dev/auth/react";
import { act, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { insertAtTop, useConvex, useConvexAuth, useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { ConvexError } from "convex/values";
import { Component, useState } from "react";
import type { ReactNode } from "react";
import { api, internal } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { ConvexTestReactClient } from "../support/convexTestReactClient";
import { renderWithConvex, waitForConvex } from "../support/renderWithConvex";
import { createUser, newBackend } from "../support/users";

function errorCode(e: unknown): string {
  if (e instanceof ConvexError) {
    const data = e.data as { code?: string; field?: string };
    return [data.code, data.field].filter(Boolean).join(":");
  }
  return "unexpected";
}

/** A tiny library: usePaginatedQuery + useMutation on the real books functions. */
function Shelf({ newTitle = "Dune" }: { newTitle?: string }) {
  const { results: books, status } = usePaginatedQuery(api.books.list, {}, { initialNumItems: 50 });
  const create = useMutation(api.books.create);
  const [error, setError] = useState<string | null>(null);
  if (status === "LoadingFirstPage") return <p>Loading…</p>;
  const add = async (title: string) => {
    setError(null);
    try {
      await create({ title, author: "Frank Herbert", status: "want-to-read" });
    } catch (e) {
      setError(errorCode(e));
    }
  };
  return (
    <section>
      <ul aria-label="books">
        {books.map((b) => (
          <li key={b._id}>
            {b.title}
            {b.coverUrl || b.apiCoverUrl ? " (cover)" : ""}
          </li>
        ))}
      </ul>
      <p>{books.length} books</p>
      <button onClick={() => void add(newTitle)}>Add</button>
      <button onClick={() => void add("   ")}>Add blank</button>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    return this.state.error ? <p role="alert">failed: {errorCode(this.state.error)}</p> : this.props.children;
  }
}

function AuthStatus() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  return <p>{isLoading ? "auth loading" : isAuthenticated ? "signed in" : "signed out"}</p>;
}

describe("ConvexTestReactClient with the real convex/react hooks", () => {
  it("shows the loading state, then the query result", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });

    renderWithConvex(<Shelf />, { t, as });

    expect(screen.getByText("Loading…")).toBeInTheDocument();
    expect(await screen.findByText("Emma")).toBeInTheDocument();
    expect(screen.getByText("1 books")).toBeInTheDocument();
  });

  it("updates a watched query after a mutation, without a manual refresh", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const user = userEvent.setup();
    renderWithConvex(<Shelf />, { t, as });
    expect(await screen.findByText("0 books")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Add" }));

    expect(await screen.findByText("Dune")).toBeInTheDocument();
    expect(screen.getByText("1 books")).toBeInTheDocument();
  });

  it("resolves a mutation only once the watched queries reflect it", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const { client } = renderWithConvex(<Shelf />, { t, as });
    await screen.findByText("0 books");

    const id = await act(() =>
      client.mutation(api.books.create, { title: "Middlemarch", author: "George Eliot", status: "read" }),
    );

    expect(typeof id).toBe("string");
    // No waiting: the list already shows the new book when the mutation's promise resolves.
    expect(screen.getByText("Middlemarch")).toBeInTheDocument();
  });

  it("passes a ConvexError from a mutation to the caller with its data", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const user = userEvent.setup();
    const { client } = renderWithConvex(<Shelf />, { t, as });
    await screen.findByText("0 books");

    await user.click(screen.getByRole("button", { name: "Add blank" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("invalid_argument:title");

    const error = await client.mutation(api.books.create, { title: "", author: "A", status: "read" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<{ code: string; field: string }>).data).toMatchObject({
      code: "invalid_argument",
      field: "title",
    });
    expect((error as Error).message).toMatch(/^\[CONVEX M\(books:create\)\] \[Request ID: .+\] Server Error\n/);
    expect(screen.getByText("0 books")).toBeInTheDocument();
  });

  it("does not show one reader's books to another, even after the first one adds a book", async () => {
    const t = newBackend();
    const ada = await createUser(t, "Ada");
    const bob = await createUser(t, "Bob");
    await ada.as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    const user = userEvent.setup();

    const adaView = renderWithConvex(<Shelf newTitle="Persuasion" />, {
      t,
      as: ada.as,
      container: document.body.appendChild(document.createElement("div")),
    });
    const bobView = renderWithConvex(<Shelf />, {
      t,
      as: bob.as,
      container: document.body.appendChild(document.createElement("div")),
    });
    const ada$ = within(adaView.container);
    const bob$ = within(bobView.container);
    expect(await ada$.findByText("Emma")).toBeInTheDocument();
    expect(await bob$.findByText("0 books")).toBeInTheDocument();

    await user.click(ada$.getByRole("button", { name: "Add" }));
    expect(await ada$.findByText("Persuasion")).toBeInTheDocument();
    await waitForConvex(bobView.client);

    expect(bob$.getByText("0 books")).toBeInTheDocument();
    expect(bob$.queryByText("Emma")).not.toBeInTheDocument();
    expect(bob$.queryByText("Persuasion")).not.toBeInTheDocument();
  });

  it("updates every open client on the backend, like a second tab of the same reader", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const tab1 = renderWithConvex(<Shelf />, { t, as, container: document.body.appendChild(document.createElement("div")) });
    const tab2 = renderWithConvex(<Shelf />, { t, as, container: document.body.appendChild(document.createElement("div")) });
    expect(await within(tab2.container).findByText("0 books")).toBeInTheDocument();

    await act(() => tab1.client.mutation(api.books.create, { title: "Dune", author: "Frank Herbert", status: "read" }));

    expect(within(tab2.container).getByText("Dune")).toBeInTheDocument();
  });

  it("throws a failing query into the nearest error boundary, like useQuery does", async () => {
    const t = newBackend();
    vi.spyOn(console, "error").mockImplementation(() => {});
    renderWithConvex(
      <Boundary>
        <Shelf />
      </Boundary>,
      { t },
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("failed: unauthenticated");
  });

  it("reports the auth state through useConvexAuth", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    renderWithConvex(<AuthStatus />, { t, as, container: document.body.appendChild(document.createElement("div")) });
    renderWithConvex(<AuthStatus />, { t, container: document.body.appendChild(document.createElement("div")) });
    expect(screen.getByText("signed in")).toBeInTheDocument();
    expect(screen.getByText("signed out")).toBeInTheDocument();
  });

  it("shows writes made by scheduled functions after runScheduled()", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    const { client } = renderWithConvex(<Shelf />, { t, as });
    await screen.findByText("Emma");

    await t.run((ctx) =>
      ctx.scheduler.runAfter(0, internal.books.writeApiCover, {
        userId,
        bookId,
        apiCoverUrl: "https://covers.openlibrary.org/b/id/12345-L.jpg",
        apiSource: "open-library",
      }),
    );
    await client.runScheduled();

    expect(screen.getByText("Emma (cover)")).toBeInTheDocument();
  });

  it("applies an optimistic update at once and replaces it with the server result", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    function OptimisticShelf() {
      const { results: books, status } = usePaginatedQuery(api.books.list, {}, { initialNumItems: 50 });
      const create = useMutation(api.books.create).withOptimisticUpdate((store, args) => {
        insertAtTop({
          paginatedQuery: api.books.list,
          argsToMatch: {},
          localQueryStore: store,
          item: { _id: "optimistic" as Id<"books">, title: `${args.title} (saving)`, author: args.author, status: args.status },
        });
      });
      if (status === "LoadingFirstPage") return <p>Loading…</p>;
      return (
        <>
          <ul aria-label="books">
            {books.map((b) => (
              <li key={b._id}>{b.title}</li>
            ))}
          </ul>
          <button onClick={() => void create({ title: "Dune", author: "Frank Herbert", status: "read" })}>Add</button>
        </>
      );
    }
    const { client } = renderWithConvex(<OptimisticShelf />, { t, as });
    await screen.findByRole("list", { name: "books" });

    // fireEvent: synchronous, so the optimistic state is visible before the mutation finishes.
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(screen.getByText("Dune (saving)")).toBeInTheDocument();

    await waitForConvex(client);
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Dune"]);
  });

  it("keeps each loaded page of a paginated query to its range, like the server's query journal", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    for (const title of ["Oldest", "Older", "Newer", "Newest"]) {
      await as.mutation(api.books.create, { title, author: "A", status: "read" });
    }
    function Pages() {
      const { results, loadMore, status } = usePaginatedQuery(api.books.list, {}, { initialNumItems: 2 });
      return (
        <>
          <p>{results.map((b) => b.title).join(", ")}</p>
          <button disabled={status !== "CanLoadMore"} onClick={() => loadMore(2)}>
            More
          </button>
        </>
      );
    }
    const { client } = renderWithConvex(<Pages />, { t, as });
    expect(await screen.findByText("Newest, Newer")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "More" }));
    expect(await screen.findByText("Newest, Newer, Older, Oldest")).toBeInTheDocument();

    // A book added before the first page's end: that page grows, nothing is skipped or repeated.
    await act(() => client.mutation(api.books.create, { title: "Brand new", author: "A", status: "read" }));
    expect(screen.getByText("Brand new, Newest, Newer, Older, Oldest")).toBeInTheDocument();
  });

  it("allows only public functions, like a browser", async () => {
    const t = newBackend();
    const { userId, as } = await createUser(t);
    const bookId = await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    const client = new ConvexTestReactClient({ t, as });
    try {
      await expect(client.query(internal.books.coverLookupInput, { userId, bookId })).rejects.toThrow(
        "Could not find public function for 'books:coverLookupInput'",
      );
      await expect(client.query(api.books.get, { bookId })).resolves.toMatchObject({ title: "Emma" });
    } finally {
      await client.close();
    }
  });

  it("serves imperative calls through useConvex()", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    await as.mutation(api.books.create, { title: "Emma", author: "Jane Austen", status: "read" });
    const user = userEvent.setup();
    function Count() {
      const convex = useConvex();
      const [count, setCount] = useState<number | null>(null);
      const load = async () =>
        setCount((await convex.query(api.books.list, { paginationOpts: { numItems: 10, cursor: null } })).page.length);
      return <button onClick={() => void load()}>{count === null ? "Count" : `${count} counted`}</button>;
    }
    renderWithConvex(<Count />, { t, as });

    await user.click(screen.getByRole("button", { name: "Count" }));

    expect(await screen.findByRole("button", { name: "1 counted" })).toBeInTheDocument();
  });

  it("works under the app's ConvexAuthProvider, including sign-out", async () => {
    const t = newBackend();
    const { as } = await createUser(t);
    const user = userEvent.setup();
    function Account() {
      const { isLoading, isAuthenticated } = useConvexAuthFromConvexAuth();
      const backendSaysSignedIn = useQuery(api.auth.isAuthenticated);
      const { signOut } = useAuthActions();
      if (isLoading || backendSaysSignedIn === undefined) return <p>Loading…</p>;
      return (
        <>
          <p>client: {isAuthenticated ? "signed in" : "signed out"}</p>
          <p>backend: {backendSaysSignedIn ? "signed in" : "signed out"}</p>
          <button onClick={() => void signOut()}>Sign out</button>
        </>
      );
    }
    const { client } = renderWithConvex(<Account />, { t, as, auth: "convex-auth" });
    expect(await screen.findByText("client: signed in")).toBeInTheDocument();
    expect(screen.getByText("backend: signed in")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Sign out" }));

    expect(await screen.findByText("client: signed out")).toBeInTheDocument();
    await waitForConvex(client);
    expect(screen.getByText("backend: signed out")).toBeInTheDocument();
  });
});

import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ToastProvider, useToast, type ToastApi } from "@/components/ui/Toast";

function Capture({ onApi }: { onApi: (api: ToastApi) => void }) {
  onApi(useToast());
  return null;
}

function setup() {
  let api!: ToastApi;
  render(
    <ToastProvider>
      <Capture onApi={(a) => (api = a)} />
    </ToastProvider>,
  );
  return { api: () => api, user: userEvent.setup() };
}

describe("Toast", () => {
  it("shows toasts inside the aria-live viewport", async () => {
    const { api } = setup();
    act(() => void api().toast({ title: "Book added", description: "Matilda", variant: "success" }));
    const title = await screen.findByText("Book added");
    const live = title.closest("[aria-live]");
    expect(live).toHaveAttribute("aria-live", "polite");
    expect(live).toContainElement(screen.getByText("Matilda"));
  });

  it("updates a toast in place by id and dismisses it", async () => {
    const { api } = setup();
    let id = "";
    act(() => {
      id = api().toast({ title: "Fetching covers", description: "0 of 10", duration: Infinity });
    });
    expect(await screen.findByText("0 of 10")).toBeInTheDocument();

    act(() => api().update(id, { description: "4 of 10" }));
    expect(screen.getByText("4 of 10")).toBeInTheDocument();
    expect(screen.queryByText("0 of 10")).toBeNull();
    expect(screen.getAllByText("Fetching covers")).toHaveLength(1);

    act(() => api().update(id, { title: "Covers fetched", description: "9 found", variant: "success" }));
    expect(screen.getByText("Covers fetched")).toBeInTheDocument();

    act(() => api().dismiss(id));
    await waitFor(() => expect(screen.queryByText("Covers fetched")).toBeNull());
  });

  it("runs an action that keeps the toast open when asked to", async () => {
    const { api, user } = setup();
    const stop = vi.fn();
    act(
      () =>
        void api().toast({
          title: "Fetching covers",
          duration: Infinity,
          action: { label: "Stop", altText: "Stop fetching covers", onClick: stop, dismissOnClick: false },
        }),
    );
    await user.click(await screen.findByRole("button", { name: "Stop fetching covers" }));
    expect(stop).toHaveBeenCalledTimes(1);
    expect(screen.getByText("Fetching covers")).toBeInTheDocument();
  });

  it("closes by itself after its duration", async () => {
    // The close timer runs on the virtual clock, which moves only when the test moves it.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { api } = setup();
      act(() => void api().toast({ title: "Saved", duration: 1000 }));
      expect(screen.getByText("Saved")).toBeInTheDocument();
      await act(() => vi.advanceTimersByTimeAsync(1500));
      vi.useRealTimers();
      await waitFor(() => expect(screen.queryByText("Saved")).toBeNull());
    } finally {
      vi.useRealTimers();
    }
  });
});

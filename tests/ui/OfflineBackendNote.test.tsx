import { render, screen } from "@testing-library/react";
import { OfflineBackendNote } from "@/components/providers/OfflineBackendNote";

describe("OfflineBackendNote", () => {
  it("says the app runs on the offline backend with data in memory", () => {
    render(<OfflineBackendNote enabled />);
    expect(screen.getByRole("complementary", { name: "Offline backend" })).toHaveTextContent(/data lives in memory/i);
  });

  it("shows nothing in a build for a real backend", () => {
    const { container } = render(<OfflineBackendNote enabled={false} />);
    expect(container).toBeEmptyDOMElement();
  });
});

import { render, screen } from "@testing-library/react";
import { ProgressBar } from "@/components/ui/ProgressBar";

describe("ProgressBar", () => {
  it("names the bar and its value, and fills to the share done", () => {
    render(<ProgressBar label="Import progress" value={30} max={120} valueText="30 of 120 rows saved" />);
    const bar = screen.getByRole("progressbar", { name: "Import progress" });
    expect(bar).toHaveAttribute("aria-valuenow", "30");
    expect(bar).toHaveAttribute("aria-valuemax", "120");
    expect(bar).toHaveAttribute("aria-valuetext", "30 of 120 rows saved");
    expect((bar.firstElementChild as HTMLElement).style.width).toBe("25%");
  });

  it("never reports more than done, and is full when there is nothing to do", () => {
    const { rerender } = render(<ProgressBar label="p" value={7} max={5} valueText="" />);
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "5");
    rerender(<ProgressBar label="p" value={0} max={0} valueText="" />);
    expect((screen.getByRole("progressbar").firstElementChild as HTMLElement).style.width).toBe("100%");
  });
});

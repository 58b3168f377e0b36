import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// findBy*/waitFor wait for a state, not for a time: their default of 1 s failed on a busy machine
// (parsing a file and rendering its preview took longer with both cores taken). A wait still ends
// as soon as the state shows; only a state that never comes takes this long to fail.
configure({ asyncUtilTimeout: 15_000 });

// jsdom lacks a few browser APIs that Radix primitives (Popper, Dialog, Toast) call.
if (typeof window !== "undefined") {
  if (!("ResizeObserver" in window)) {
    class ResizeObserverStub {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    Object.defineProperty(window, "ResizeObserver", { value: ResizeObserverStub, writable: true });
    Object.defineProperty(globalThis, "ResizeObserver", { value: ResizeObserverStub, writable: true });
  }
  // jsdom has no layout and no scrolling: window.scrollTo (the wall's virtualizer calls it) moves
  // window.scrollX/scrollY and fires "scroll", as a browser would.
  window.scrollTo = ((xOrOptions?: number | ScrollToOptions, y?: number) => {
    const options = typeof xOrOptions === "object" ? xOrOptions : { left: xOrOptions, top: y };
    Object.defineProperty(window, "scrollX", { value: options.left ?? window.scrollX, configurable: true });
    Object.defineProperty(window, "scrollY", { value: options.top ?? window.scrollY, configurable: true });
    window.dispatchEvent(new Event("scroll"));
  }) as typeof window.scrollTo;
  const proto = window.HTMLElement.prototype as unknown as Record<string, unknown>;
  proto.scrollIntoView ??= function scrollIntoView() {};
  proto.hasPointerCapture ??= function hasPointerCapture() {
    return false;
  };
  proto.setPointerCapture ??= function setPointerCapture() {};
  proto.releasePointerCapture ??= function releasePointerCapture() {};
}

/** Resolves with the first value a subscription delivers that passes `accept` (no polling, no sleeps). */
export function nextValue<T>(subscribe: (onValue: (value: T) => void) => () => void, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    const unsubscribe = subscribe((value) => {
      if (done || !accept(value)) return;
      done = true;
      resolve(value);
      // The callback may run before `subscribe` returns.
      queueMicrotask(() => unsubscribe());
    });
  });
}

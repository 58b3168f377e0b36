/// <reference types="vite/client" />
// Every Convex module, for convexTest(schema, modules).
export const modules = import.meta.glob(["../../convex/**/*.{ts,js}", "!../../convex/**/*.d.ts"]);

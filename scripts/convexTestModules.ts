/**
 * The module map `convexTest(schema, modules)` needs in plain Node (tsx), where there is no
 * `import.meta.glob`: the same map the offline backend builds (tools/local-backend/convexModules.ts).
 */
export { convexModules as convexTestModules } from "../tools/local-backend/convexModules";

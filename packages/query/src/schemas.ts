/**
 * `@embed/query/schemas`: the package's pure zod schemas, for code that runs in a browser (the
 * admin console's forms) and must not pull in the warehouse drivers the main entry carries.
 */
export { SemanticTypeSchema } from "./metadata";
export { ScalarSchema } from "./policy";

// Stands in for the `server-only` guard, which only resolves inside Next.js server bundles.
export {};

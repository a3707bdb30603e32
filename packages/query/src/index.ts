// @embed/query — the structured query model, its compiler to SQL with row and column policies
// applied, and the warehouse drivers. Built in issue 4; nothing is exported yet.
export {};

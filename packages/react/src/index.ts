// @embed/react — the embedding SDK. Built in issue 5; nothing is exported yet.
export {};

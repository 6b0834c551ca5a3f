// The console's sources run in the browser: give the type checker the DOM. The root tsconfig compiles
// the whole tree with lib ES2023 only, and the DOM types coexist with @types/node, so this reference
// is the one place the browser enters the program.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
export {};

// libs/ml: see ARCHITECTURE.md. Exports land here as the library is built.
export {};

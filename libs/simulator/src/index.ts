// libs/simulator: the seeded, deterministic transaction generator (issue 4).
export {};

// libs/read-model: the PostgreSQL read tables (TypeORM entities + migrations) that projections write
// and case-management reads (issue 7).
export {};

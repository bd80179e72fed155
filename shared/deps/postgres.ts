/** postgres.js, pinned: the database driver of every function, command and the local stack. */
export { default as postgres } from "npm:postgres@3.4.9";
export type { Sql, TransactionSql } from "npm:postgres@3.4.9";

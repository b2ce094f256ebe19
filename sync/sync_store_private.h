/* sync_store_private.h - private: what the store's own files and tests share. */
#ifndef ID06_SYNC_STORE_PRIVATE_H
#define ID06_SYNC_STORE_PRIVATE_H

#include <sqlite3.h>

#include "sync.h"
#include "sync_crypto.h"

struct sync_store {
	sqlite3 *db;
	struct sync_keys keys;
	struct sync_store_options opts;
	int depth;                 /* nesting of write transactions */
};

/* Number of migration steps; schema version n has steps 1..n applied. */
int sync_schema_steps(void);
/* Applies migration steps until the schema is at `target` (tests create
 * old layouts with it).  Each step commits durably on its own. */
enum sync_err sync_schema_migrate(sqlite3 *db, int target);

enum sync_err sync_sqlite_err(int rc);

/* Statements, one way everywhere.  sync_stmt_prepare leaves *st NULL when
 * it fails.  sync_stmt_row steps a query for its one row: SYNC_OK with the
 * row to read, SYNC_ERR_NOT_FOUND when there is none.  sync_stmt_run steps
 * a statement that returns no rows once and finalizes it.  sync_stmt_next
 * steps a query run with LIMIT max + 1 for a list holding count items:
 * SQLITE_ROW with a row for the next item, a row past max skipped with
 * *truncated set, else how the query ended (SQLITE_DONE: all read). */
enum sync_err sync_stmt_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);
enum sync_err sync_stmt_row(sqlite3_stmt *st);
enum sync_err sync_stmt_run(sqlite3_stmt *st);
int sync_stmt_next(sqlite3_stmt *st, size_t count, size_t max, int *truncated);
/* Copies a text column into dst (empty for NULL), cut to cap. */
void sync_column_text(char *dst, size_t cap, sqlite3_stmt *st, int col);
/* Runs sql with ?1 bound to v; *changes (unless NULL) gets the number of
 * rows it changed. */
enum sync_err sync_exec_int64(sqlite3 *db, const char *sql, int64_t v, int64_t *changes);

/* Write transactions that nest: the outermost commits. */
enum sync_err sync_tx_begin(struct sync_store *s);
enum sync_err sync_tx_end(struct sync_store *s, enum sync_err err);

int64_t sync_now(void);

/* Computes the keyed blind indexes that schema steps added to orders
 * written before them (SQL alone cannot: it has no key). */
enum sync_err sync_orders_backfill(struct sync_store *s);

/* Checks that a fixed array holds a NUL-terminated string. */
int sync_fits(const char *field, size_t cap);

#endif

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

/* id06-sync - the kiosk's sync process: pulls pending orders and today's
 * appointments, pushes queued results in order with idempotency keys, and
 * reports status.  Never prints personal data. */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync.h"
#include "sync_client.h"
#include "sync_service.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: id06-sync [-c CONFIG] COMMAND\n"
	        "  status [--json]      counts of pending, failed and conflicting results,\n"
	        "                       last success, last error, and the failed results\n"
	        "  run [--once]         pull and push until SIGTERM (--once: one pass, now)\n"
	        "  pull                 fetch the orders delta and today's appointments\n"
	        "  push                 send due results once\n"
	        "  check                connect and show who the server thinks we are\n"
	        "  enqueue KIND ORDER_ID [--version N] [--face FILE] [--FIELD VALUE ...]\n"
	        "                       queue a result (KIND: identity_verified, account_created,\n"
	        "                       order_confirmed, order_rejected; appointment_checked_in,\n"
	        "                       appointment_no_show with --appointment ID and ORDER_ID\n"
	        "                       the visitor's order or \"\"); for tests and demos\n"
	        "  requeue KEY | dismiss KEY   staff: retry or drop a failed result\n"
	        "  purge                apply retention now\n"
	        "CONFIG defaults to $ID06_SYNC_CONFIG, then " ID06_CONF_FILE ".\n");
}

struct ctx {
	struct sync_config cfg;
	struct sync_store *store;
	struct sync_client *client;
};

static int open_all(const char *config_path, struct ctx *x, int need_client)
{
	char msg[512];
	enum sync_err err = sync_config_load(config_path, &x->cfg, msg, sizeof msg);
	if (err) {
		fprintf(stderr, "id06-sync: %s: %s\n", config_path,
		        err == SYNC_ERR_CONFIG ? msg : sync_err_str(err));
		return 2;
	}
	int key_failed;
	err = sync_config_open_store(&x->cfg, &x->store, &key_failed);
	if (err && key_failed) {
		fprintf(stderr, "id06-sync: store key (%s): %s\n",
		        x->cfg.store_key_credential[0] ? x->cfg.store_key_credential
		                                       : x->cfg.store_key_file,
		        sync_err_str(err));
		return 2;
	}
	if (err) {
		fprintf(stderr, "id06-sync: store %s: %s\n", x->cfg.store_path, sync_err_str(err));
		return 1;
	}
	if (need_client) {
		err = sync_client_new(&x->cfg, &x->client);
		if (err) {
			fprintf(stderr, "id06-sync: %s\n", sync_err_str(err));
			return 1;
		}
		sync_client_stop_flag(x->client, (volatile int *)&stop_flag);
	}
	return 0;
}

static void close_all(struct ctx *x)
{
	sync_client_free(x->client);
	sync_store_close(x->store);
	sync_wipe(&x->cfg, sizeof x->cfg);
}

static void iso_time(int64_t t, char out[32])
{
	if (!t) {
		out[0] = 0;
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *time_or_null(int64_t t)
{
	char buf[32];
	iso_time(t, buf);
	return t ? json_string(buf) : json_null();
}

static int cmd_status(struct ctx *x, int as_json)
{
	struct sync_status st;
	struct sync_failure_list *fl = malloc(sizeof *fl);
	enum sync_err err = sync_status_get(x->store, &st);
	if (!err && fl)
		err = sync_outbox_failures(x->store, fl);
	if (err || !fl) {
		fprintf(stderr, "id06-sync: status: %s\n", sync_err_str(err ? err : SYNC_ERR_NOMEM));
		free(fl);
		return 1;
	}
	if (as_json) {
		json_t *failures = json_array();
		for (size_t i = 0; i < fl->count; i++) {
			const struct sync_failure *f = &fl->items[i];
			json_array_append_new(failures, json_pack(
				"{s:s, s:s, s:s, s:s, s:i, s:s, s:o}", "idempotency_key", f->idem_key,
				"kind", sync_result_kind_name(f->kind), "order_id", f->order_id,
				"state", sync_outbox_state_name(f->state), "http_status", f->http_status,
				"reason", f->reason, "at", time_or_null(f->at)));
		}
		json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:s, s:o, s:b}",
			"pending", (json_int_t)st.pending, "failed", (json_int_t)st.failed,
			"conflict", (json_int_t)st.conflict, "acked_total", (json_int_t)st.acked_total,
			"orders_cached", (json_int_t)st.orders_cached,
			"last_success_at", time_or_null(st.last_success_at),
			"last_attempt_at", time_or_null(st.last_attempt_at),
			"last_error", st.last_error, "failures", failures,
			"failures_truncated", fl->truncated);
		char *s = json_dumps(o, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(o);
	} else {
		char a[32], b[32];
		iso_time(st.last_success_at, a);
		iso_time(st.last_attempt_at, b);
		printf("pending %lld, failed %lld, conflict %lld, acknowledged %lld, orders cached %lld\n"
		       "last success %s, last attempt %s\n",
		       (long long)st.pending, (long long)st.failed, (long long)st.conflict,
		       (long long)st.acked_total, (long long)st.orders_cached, a[0] ? a : "never",
		       b[0] ? b : "never");
		if (st.last_error[0])
			printf("last error: %s\n", st.last_error);
		for (size_t i = 0; i < fl->count; i++)
			printf("%s %s %s order %s: %s\n", sync_outbox_state_name(fl->items[i].state),
			       fl->items[i].idem_key, sync_result_kind_name(fl->items[i].kind),
			       fl->items[i].order_id, fl->items[i].reason);
	}
	free(fl);
	return 0;
}

static void today(char out[SYNC_DATE_MAX])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, SYNC_DATE_MAX, "%Y-%m-%d", &tm);
}

static void note(struct ctx *x, const struct sync_pass *p)
{
	sync_status_note(x->store, (int64_t)time(NULL), p->error[0] ? p->error : NULL);
}

static int do_pull(struct ctx *x, struct sync_pass *p)
{
	enum sync_err err = sync_pass_pull(x->store, x->client, &x->cfg, p);
	if (!err && !p->error[0]) {
		char d[SYNC_DATE_MAX];
		today(d);
		err = sync_pass_appointments(x->store, x->client, &x->cfg, d, p);
	}
	struct sync_purge_counts pc;
	if (!err)
		err = sync_store_purge(x->store, (int64_t)time(NULL), &pc);
	if (err) {
		snprintf(p->error, sizeof p->error, "store: %s", sync_err_str(err));
		return 1;
	}
	return p->error[0] ? 1 : 0;
}

static int do_push(struct ctx *x, struct sync_pass *p, int ignore_due)
{
	enum sync_err err = sync_pass_push(x->store, x->client, &x->cfg, ignore_due, p);
	if (err) {
		snprintf(p->error, sizeof p->error, "store: %s", sync_err_str(err));
		return 1;
	}
	return p->error[0] ? 1 : 0;
}

static void report(const char *what, const struct sync_pass *p)
{
	sync_service_log(p->error[0] ? SYNC_LOG_ERR : SYNC_LOG_INFO,
	                 "%s: pulled %lld (%lld removed, %lld pages), pushed %lld, "
	                 "refused %lld, conflicts %lld%s%s", what, (long long)p->pulled,
	                 (long long)p->tombstones, (long long)p->pages, (long long)p->pushed,
	                 (long long)p->refused, (long long)p->conflicts,
	                 p->error[0] ? "; error: " : "", p->error);
}

static void nap_ms(int64_t ms)
{
	while (ms > 0 && !stop_flag) {
		int64_t step = ms > 50 ? 50 : ms;
		struct timespec ts = {0, (long)step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

static int cmd_run(struct ctx *x, int once)
{
	if (once) {
		struct sync_pass p;
		memset(&p, 0, sizeof p);
		int rc = do_pull(x, &p);
		if (!p.fatal)
			rc |= do_push(x, &p, 1);
		note(x, &p);
		report("run --once", &p);
		return rc;
	}
	int64_t next_pull = 0, pull_streak = 0;
	/* Started: tell systemd (Type=notify) and the journal. */
	sync_service_log(SYNC_LOG_INFO, "running: pull every %lld ms",
	                 (long long)x->cfg.poll_interval_ms);
	sync_service_notify("READY=1");
	while (!stop_flag) {
		int64_t now = sync_now_ms();
		struct sync_pass p;
		memset(&p, 0, sizeof p);
		int tried = 0;
		if (now >= next_pull) {
			tried = 1;
			do_pull(x, &p);
			if (p.error[0]) {
				pull_streak++;
				int64_t wait = sync_backoff_ms(x->cfg.backoff_base_ms, x->cfg.backoff_cap_ms,
				                               pull_streak);
				next_pull = now + (p.fatal ? x->cfg.poll_interval_ms : wait);
			} else {
				pull_streak = 0;
				next_pull = now + x->cfg.poll_interval_ms;
			}
		}
		if (!p.fatal && !stop_flag) {
			struct sync_outbox_item it;
			int64_t due = 0;
			if (sync_outbox_peek(x->store, &it, &due) == SYNC_OK) {
				sync_outbox_item_fini(&it);
				if (due <= sync_now_ms()) {
					tried = 1;
					do_push(x, &p, 0);
				}
			}
		}
		if (tried && !stop_flag) {
			note(x, &p);
			if (p.error[0] || p.pushed || p.pulled || p.tombstones || p.refused ||
			    p.conflicts)
				report("run", &p);
		}
		/* Sleep until the next pull or the next due result, at most a
		 * second so results the kiosk queues meanwhile go out soon. */
		int64_t wake = next_pull;
		struct sync_outbox_item it;
		int64_t due = 0;
		if (sync_outbox_peek(x->store, &it, &due) == SYNC_OK) {
			sync_outbox_item_fini(&it);
			if (due < wake)
				wake = due;
		}
		int64_t ms = wake - sync_now_ms();
		if (ms > 1000)
			ms = 1000;
		nap_ms(ms > 0 ? ms : 0);
		if (ms <= 0 && p.fatal)
			nap_ms(1000);
	}
	sync_service_notify("STOPPING=1");
	sync_service_log(SYNC_LOG_INFO, "stopped");
	return 0;
}

static int read_file(const char *path, unsigned char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	unsigned char *buf = malloc(SYNC_FACE_MAX + 1);
	size_t n = buf ? fread(buf, 1, SYNC_FACE_MAX + 1, f) : 0;
	fclose(f);
	if (!buf || n > SYNC_FACE_MAX) {
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
}

#define OPT(name, member) {name, offsetof(struct sync_result, member), \
	sizeof(((struct sync_result *)0)->member)}
static const struct {
	const char *name;
	size_t offset, cap;
} enqueue_opts[] = {
	OPT("--surname", surname), OPT("--given-names", given_names),
	OPT("--birth-date", birth_date), OPT("--nationality", nationality),
	OPT("--doc-type", document.type), OPT("--doc-state", document.issuing_state),
	OPT("--doc-number", document.number), OPT("--doc-expiry", document.expiry),
	OPT("--email", email), OPT("--mobile", mobile), OPT("--language", language),
	OPT("--reason-code", reason_code), OPT("--reason", reason),
	OPT("--access", access), OPT("--appointment", appt_id),
};

static int cmd_enqueue(struct ctx *x, int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	struct sync_result r;
	memset(&r, 0, sizeof r);
	r.kind = sync_result_kind_parse(argv[0]);
	if (!r.kind) {
		fprintf(stderr, "id06-sync: unknown result kind \"%s\"\n", argv[0]);
		return 2;
	}
	snprintf(r.order_id, sizeof r.order_id, "%s", argv[1]);
	r.order_version = 1;
	r.mrz_ok = 1;
	unsigned char *face = NULL;
	int rc = 2;
	for (int i = 2; i < argc; i += 2) {
		if (i + 1 >= argc) {
			fprintf(stderr, "id06-sync: %s needs a value\n", argv[i]);
			goto out;
		}
		const char *v = argv[i + 1];
		if (strcmp(argv[i], "--version") == 0) {
			r.order_version = strtoll(v, NULL, 10);
		} else if (strcmp(argv[i], "--face") == 0) {
			if (read_file(v, &face, &r.face_len) != 0) {
				fprintf(stderr, "id06-sync: cannot read face %s (at most %d bytes)\n", v,
				        SYNC_FACE_MAX);
				goto out;
			}
			r.face = face;
			r.chip_read = 1;
			r.passive_auth = SYNC_VERDICT_PASSED;
		} else {
			size_t k = 0, n = sizeof enqueue_opts / sizeof enqueue_opts[0];
			while (k < n && strcmp(argv[i], enqueue_opts[k].name) != 0)
				k++;
			if (k == n) {
				fprintf(stderr, "id06-sync: unknown option %s\n", argv[i]);
				goto out;
			}
			if (strlen(v) >= enqueue_opts[k].cap) {
				fprintf(stderr, "id06-sync: %s is too long\n", argv[i]);
				goto out;
			}
			memcpy((char *)&r + enqueue_opts[k].offset, v, strlen(v) + 1);
		}
	}
	char key[SYNC_IDEM_MAX];
	enum sync_err err = sync_outbox_enqueue(x->store, &r, key);
	if (err) {
		fprintf(stderr, "id06-sync: enqueue: %s\n", sync_err_str(err));
		rc = 1;
		goto out;
	}
	printf("%s\n", key);
	rc = 0;
out:
	free(face);
	sync_wipe(&r, sizeof r);
	return rc;
}

int main(int argc, char **argv)
{
	sync_service_init("id06-sync");
	const char *config = getenv("ID06_SYNC_CONFIG");
	if (!config || !*config)
		config = ID06_CONF_FILE;
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "-c") == 0) {
		config = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
		usage(i >= argc ? stderr : stdout);
		return i >= argc ? 2 : 0;
	}
	const char *cmd = argv[i++];
	int rest = argc - i;
	char **args = argv + i;
	int needs_net = strcmp(cmd, "run") == 0 || strcmp(cmd, "pull") == 0 ||
	                strcmp(cmd, "push") == 0 || strcmp(cmd, "check") == 0;
	static const char *const known[] = {"status", "run", "pull", "push", "check", "enqueue",
	                                    "requeue", "dismiss", "purge"};
	int ok = 0;
	for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
		ok |= strcmp(cmd, known[k]) == 0;
	if (!ok) {
		fprintf(stderr, "id06-sync: unknown command \"%s\"\n", cmd);
		usage(stderr);
		return 2;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct ctx x;
	memset(&x, 0, sizeof x);
	int rc = open_all(config, &x, needs_net);
	if (rc) {
		close_all(&x);
		return rc;
	}
	struct sync_pass p;
	memset(&p, 0, sizeof p);
	if (strcmp(cmd, "status") == 0) {
		rc = cmd_status(&x, rest > 0 && strcmp(args[0], "--json") == 0);
	} else if (strcmp(cmd, "run") == 0) {
		rc = cmd_run(&x, rest > 0 && strcmp(args[0], "--once") == 0);
	} else if (strcmp(cmd, "pull") == 0) {
		rc = do_pull(&x, &p);
		note(&x, &p);
		report("pull", &p);
	} else if (strcmp(cmd, "push") == 0) {
		rc = do_push(&x, &p, 1);
		note(&x, &p);
		report("push", &p);
	} else if (strcmp(cmd, "check") == 0) {
		struct sync_health h;
		sync_pass_health(x.client, &h, &p);
		if (p.error[0]) {
			fprintf(stderr, "id06-sync: check: %s\n", p.error);
			rc = 1;
		} else {
			printf("server ok: kiosk_id %s, api_version %s\n", h.kiosk_id, h.api_version);
		}
	} else if (strcmp(cmd, "enqueue") == 0) {
		rc = cmd_enqueue(&x, rest, args);
	} else if (strcmp(cmd, "requeue") == 0 || strcmp(cmd, "dismiss") == 0) {
		if (rest < 1) {
			usage(stderr);
			rc = 2;
		} else {
			enum sync_err err = strcmp(cmd, "requeue") == 0
			                        ? sync_outbox_requeue(x.store, args[0])
			                        : sync_outbox_dismiss(x.store, args[0]);
			if (err) {
				fprintf(stderr, "id06-sync: %s %s: %s\n", cmd, args[0], sync_err_str(err));
				rc = 1;
			}
		}
	} else if (strcmp(cmd, "purge") == 0) {
		struct sync_purge_counts pc;
		enum sync_err err = sync_store_purge(x.store, (int64_t)time(NULL), &pc);
		if (err) {
			fprintf(stderr, "id06-sync: purge: %s\n", sync_err_str(err));
			rc = 1;
		} else {
			printf("purged %lld orders, %lld appointments, %lld audit entries\n",
			       (long long)pc.orders, (long long)pc.appts, (long long)pc.audit);
		}
	}
	close_all(&x);
	return rc;
}

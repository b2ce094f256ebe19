/* sync_client.c - libcurl over mutual TLS with the server CA pinned, and
 * the pull and push passes of the offline-first sync. */
#include "sync_client.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync_crypto.h"

struct sync_client {
	CURL *h;
	const struct sync_config *cfg;
	volatile int *stop;
};

int64_t sync_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t sync_backoff_ms(int64_t base_ms, int64_t cap_ms, int64_t attempt)
{
	if (base_ms < 1)
		base_ms = 1;
	int64_t ceiling = base_ms;
	for (int64_t i = 0; i < attempt && ceiling < cap_ms; i++)
		ceiling *= 2;
	if (ceiling > cap_ms)
		ceiling = cap_ms;
	return sync_random_below(ceiling);
}

void sync_http_reply_fini(struct sync_http_reply *r)
{
	if (!r)
		return;
	if (r->body) {
		sync_wipe(r->body, r->len);
		free(r->body);
	}
	memset(r, 0, sizeof *r);
}

enum sync_err sync_client_new(const struct sync_config *cfg, struct sync_client **out)
{
	if (!out)
		return SYNC_ERR_ARG;
	*out = NULL;
	if (!cfg)
		return SYNC_ERR_ARG;
	static int global_done;
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return SYNC_ERR_NOMEM;
		global_done = 1;
	}
	struct sync_client *c = calloc(1, sizeof *c);
	if (!c)
		return SYNC_ERR_NOMEM;
	c->h = curl_easy_init();
	if (!c->h) {
		free(c);
		return SYNC_ERR_NOMEM;
	}
	c->cfg = cfg;
	*out = c;
	return SYNC_OK;
}

void sync_client_free(struct sync_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->h);
	free(c);
}

void sync_client_stop_flag(struct sync_client *c, volatile int *stop)
{
	if (c)
		c->stop = stop;
}

struct sink {
	char *buf;
	size_t len, cap;
	int too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *user)
{
	struct sink *s = user;
	size_t add = size * n;
	if (add > SYNC_REPLY_MAX - s->len) {
		s->too_big = 1;
		return 0;
	}
	if (s->len + add + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + add + 1)
			cap *= 2;
		char *b = realloc(s->buf, cap);
		if (!b)
			return 0;
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, add);
	s->len += add;
	s->buf[s->len] = 0;
	return add;
}

static int on_progress(void *user, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	(void)a, (void)b, (void)c, (void)d;
	volatile int *stop = user;
	return stop && *stop ? 1 : 0;
}

static void classify(CURLcode rc, const char *errbuf, const struct sync_config *cfg,
                     struct sync_http_reply *out)
{
	const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
		out->net = SYNC_NET_CONNECT;
		snprintf(out->error, sizeof out->error, "server unreachable (%s): will retry", detail);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		out->net = SYNC_NET_TIMEOUT;
		snprintf(out->error, sizeof out->error, "request timed out (%s): will retry", detail);
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
		out->net = SYNC_NET_SERVER_CERT;
		snprintf(out->error, sizeof out->error,
		         "server certificate not trusted: not signed by ca_file %.60s or not for "
		         "this host (%.60s); nothing was sent", cfg->ca_file, detail);
		return;
	case CURLE_SSL_CACERT_BADFILE:
		out->net = SYNC_NET_SERVER_CERT;
		snprintf(out->error, sizeof out->error, "cannot read ca_file %.120s: check the path",
		         cfg->ca_file);
		return;
	case CURLE_SSL_CERTPROBLEM:
		out->net = SYNC_NET_CLIENT_CERT;
		snprintf(out->error, sizeof out->error,
		         "cannot use the kiosk certificate cert_file %.80s / key_file: %.100s",
		         cfg->cert_file, detail);
		return;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		if (strstr(detail, "alert") || strstr(detail, "certificate")) {
			out->net = SYNC_NET_CLIENT_CERT;
			snprintf(out->error, sizeof out->error,
			         "TLS handshake refused (%.120s): the server does not accept this "
			         "kiosk's certificate; have the kiosk provisioned", detail);
			return;
		}
		out->net = SYNC_NET_CONNECT;
		snprintf(out->error, sizeof out->error, "connection failed (%.160s): will retry", detail);
		return;
	case CURLE_WRITE_ERROR:
		out->net = SYNC_NET_TOO_BIG;
		snprintf(out->error, sizeof out->error, "server reply larger than %d bytes",
		         SYNC_REPLY_MAX);
		return;
	case CURLE_ABORTED_BY_CALLBACK:
		out->net = SYNC_NET_ABORTED;
		snprintf(out->error, sizeof out->error, "stopped");
		return;
	default:
		out->net = SYNC_NET_OTHER;
		snprintf(out->error, sizeof out->error, "network error (%.160s): will retry", detail);
	}
}

static void request(struct sync_client *c, const char *path, const char *idem,
                    const char *body, size_t len, struct sync_http_reply *out)
{
	memset(out, 0, sizeof *out);
	out->retry_after_ms = -1;
	const struct sync_config *cfg = c->cfg;
	char url[SYNC_PATH_MAX + 512];
	snprintf(url, sizeof url, "%s%s", cfg->server_url, path);
	char errbuf[CURL_ERROR_SIZE] = "";
	struct sink sink = {0};
	struct curl_slist *hdr = NULL;
	CURL *h = c->h;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	/* Trust ca_file and nothing else: no system store, no CA folder. */
	curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file);
	curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_SSLCERT, cfg->cert_file);
	curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
	curl_easy_setopt(h, CURLOPT_SSLKEY, cfg->key_file);
	curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)cfg->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)cfg->request_timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)c->stop);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "id06-sync/1");
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (body) {
		char key_hdr[SYNC_IDEM_MAX + 32];
		snprintf(key_hdr, sizeof key_hdr, "Idempotency-Key: %s", idem);
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		hdr = curl_slist_append(hdr, key_hdr);
		hdr = curl_slist_append(hdr, "Expect:");
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	CURLcode rc = curl_easy_perform(h);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	if (rc != CURLE_OK) {
		if (rc == CURLE_WRITE_ERROR && !sink.too_big)
			rc = CURLE_OUT_OF_MEMORY;
		classify(rc, errbuf, cfg, out);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	struct curl_header *ra = NULL;
	if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &ra) == CURLHE_OK && ra) {
		char *end = NULL;
		long long v = strtoll(ra->value, &end, 10);
		if (end && end != ra->value && *end == 0 && v >= 0 && v <= 86400)
			out->retry_after_ms = v * 1000;
	}
	out->body = sink.buf ? sink.buf : calloc(1, 1);
	out->len = sink.len;
	sink.buf = NULL;
out:
	curl_slist_free_all(hdr);
	if (sink.buf) {
		sync_wipe(sink.buf, sink.len);
		free(sink.buf);
	}
}

void sync_client_get(struct sync_client *c, const char *path, struct sync_http_reply *out)
{
	request(c, path, NULL, NULL, 0, out);
}

void sync_client_post(struct sync_client *c, const char *path, const char *idem_key,
                      const char *body, size_t len, struct sync_http_reply *out)
{
	request(c, path, idem_key, body, len, out);
}

/* ---- passes ---- */

static enum sync_err pass_fail(struct sync_pass *p, int fatal, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum sync_err pass_fail(struct sync_pass *p, int fatal, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->error, sizeof p->error, fmt, ap);
	va_end(ap);
	p->fatal |= fatal;
	return SYNC_OK;
}

static int net_fatal(enum sync_net n)
{
	return n == SYNC_NET_SERVER_CERT || n == SYNC_NET_CLIENT_CERT;
}

/* A problem object's words for a person, or the HTTP status alone. */
static void describe(const struct sync_http_reply *r, char *out, size_t cap,
                     struct sync_problem *pb)
{
	if (sync_reply_problem(r->body, r->len, pb) == SYNC_OK)
		snprintf(out, cap, "%ld %.40s: %.180s", r->status, pb->code, pb->message);
	else
		snprintf(out, cap, "HTTP %ld (no problem object in the reply)", r->status);
}

/* A GET answered with an error status. */
static void refused(struct sync_pass *pass, const char *what, const struct sync_http_reply *r)
{
	char d[SYNC_REASON_MAX];
	struct sync_problem pb;
	describe(r, d, sizeof d, &pb);
	if (r->status == 401 || r->status == 403)
		pass_fail(pass, 1, "%s: server refused this kiosk's certificate (%.160s): have the "
		          "kiosk provisioned", what, d);
	else
		pass_fail(pass, 0, "%s: %.200s", what, d);
}

enum sync_err sync_pass_health(struct sync_client *c, struct sync_health *out,
                               struct sync_pass *pass)
{
	struct sync_http_reply r;
	memset(out, 0, sizeof *out);
	sync_client_get(c, "/health", &r);
	if (r.net != SYNC_NET_OK) {
		pass_fail(pass, net_fatal(r.net), "%s", r.error);
	} else if (r.status != 200) {
		refused(pass, "health check", &r);
	} else {
		struct sync_reply_where w;
		enum sync_err e = sync_reply_health(r.body, r.len, out, &w);
		if (e)
			pass_fail(pass, 0, "health reply unreadable: %s (%s)", sync_err_str(e), w.field);
	}
	sync_http_reply_fini(&r);
	return SYNC_OK;
}

enum sync_err sync_pass_pull(struct sync_store *s, struct sync_client *c,
                             const struct sync_config *cfg, struct sync_pass *pass)
{
	struct sync_order_page *page = malloc(sizeof *page);
	if (!page)
		return SYNC_ERR_NOMEM;
	enum sync_err err = SYNC_OK;
	char cursor[SYNC_CURSOR_MAX];
	int restarted = 0;
	if (sync_store_meta_get(s, "orders_cursor", cursor, sizeof cursor) != SYNC_OK)
		cursor[0] = 0;
	for (int pages = 0; pages < 100000; pages++) {
		char path[256];
		if (cursor[0]) {
			char *esc = curl_easy_escape(c->h, cursor, 0);
			snprintf(path, sizeof path, "/orders?limit=%lld&since=%s",
			         (long long)cfg->page_size, esc ? esc : "");
			curl_free(esc);
		} else {
			snprintf(path, sizeof path, "/orders?limit=%lld", (long long)cfg->page_size);
		}
		struct sync_http_reply r;
		struct sync_problem pb;
		sync_client_get(c, path, &r);
		if (r.net != SYNC_NET_OK) {
			pass_fail(pass, net_fatal(r.net), "pull: %s", r.error);
			sync_http_reply_fini(&r);
			goto out;
		}
		if (r.status == 400 && sync_reply_problem(r.body, r.len, &pb) == SYNC_OK &&
		    strcmp(pb.code, "bad_cursor") == 0 && !restarted) {
			/* The contract: drop the cursor and the cache, start over. */
			sync_http_reply_fini(&r);
			restarted = 1;
			cursor[0] = 0;
			if ((err = sync_store_begin(s)))
				goto out;
			err = sync_store_meta_set(s, "orders_cursor", "");
			if (!err)
				err = sync_orders_clear(s);
			if (err) {
				sync_store_rollback(s);
				goto out;
			}
			if ((err = sync_store_commit(s)))
				goto out;
			sync_audit_append(s, "orders_resync", "", "server dropped the cursor");
			continue;
		}
		if (r.status != 200) {
			refused(pass, "pull", &r);
			sync_http_reply_fini(&r);
			goto out;
		}
		struct sync_reply_where w;
		enum sync_err pe = sync_reply_orders(r.body, r.len, page, &w);
		sync_http_reply_fini(&r);
		if (pe) {
			pass_fail(pass, 0, "pull: server reply unreadable, nothing applied: %s at %s",
			          sync_err_str(pe), w.field);
			goto out;
		}
		if ((err = sync_store_begin(s)))
			goto out;
		for (size_t i = 0; i < page->count && !err; i++) {
			if (page->items[i].tombstone) {
				err = sync_orders_delete(s, page->items[i].order.order_id);
				pass->tombstones++;
			} else {
				err = sync_orders_put(s, &page->items[i].order);
				pass->pulled++;
			}
		}
		if (!err)
			err = sync_store_meta_set(s, "orders_cursor", page->next_cursor);
		if (err) {
			sync_store_rollback(s);
			pass_fail(pass, 0, "pull: cannot store the page: %s", sync_err_str(err));
			goto out;
		}
		if ((err = sync_store_commit(s)))
			goto out;
		pass->pages++;
		int same = strcmp(cursor, page->next_cursor) == 0;
		snprintf(cursor, sizeof cursor, "%s", page->next_cursor);
		if (!page->has_more || same)
			break;
	}
out:
	sync_wipe(page, sizeof *page);
	free(page);
	return err;
}

enum sync_err sync_pass_appointments(struct sync_store *s, struct sync_client *c,
                                     const struct sync_config *cfg, const char *date,
                                     struct sync_pass *pass)
{
	if (!sync_valid_date(date))
		return SYNC_ERR_BAD_FIELD;
	char path[256];
	char *site = cfg->site[0] ? curl_easy_escape(c->h, cfg->site, 0) : NULL;
	snprintf(path, sizeof path, "/appointments?date=%s%s%s", date, site ? "&site=" : "",
	         site ? site : "");
	curl_free(site);
	struct sync_http_reply r;
	sync_client_get(c, path, &r);
	enum sync_err err = SYNC_OK;
	struct sync_appt_page *page = NULL;
	if (r.net != SYNC_NET_OK) {
		pass_fail(pass, net_fatal(r.net), "appointments: %s", r.error);
		goto out;
	}
	if (r.status != 200) {
		refused(pass, "appointments", &r);
		goto out;
	}
	page = malloc(sizeof *page);
	if (!page) {
		err = SYNC_ERR_NOMEM;
		goto out;
	}
	struct sync_reply_where w;
	enum sync_err pe = sync_reply_appointments(r.body, r.len, page, &w);
	if (pe) {
		pass_fail(pass, 0, "appointments: server reply unreadable: %s at %s",
		          sync_err_str(pe), w.field);
		goto out;
	}
	if ((err = sync_store_begin(s)))
		goto out;
	for (size_t i = 0; i < page->count && !err; i++)
		err = sync_appts_put(s, &page->items[i]);
	if (err)
		sync_store_rollback(s);
	else
		err = sync_store_commit(s);
out:
	if (page) {
		sync_wipe(page, sizeof *page);
		free(page);
	}
	sync_http_reply_fini(&r);
	return err;
}

enum sync_err sync_pass_push(struct sync_store *s, struct sync_client *c,
                             const struct sync_config *cfg, int ignore_due,
                             struct sync_pass *pass)
{
	enum sync_err err = SYNC_OK;
	for (;;) {
		if (c->stop && *c->stop)
			break;
		struct sync_outbox_item it;
		int64_t due = 0;
		err = sync_outbox_peek(s, &it, &due);
		if (err == SYNC_ERR_NOT_FOUND) {
			err = SYNC_OK;
			break;
		}
		if (err)
			break;
		int64_t now = sync_now_ms();
		if (!ignore_due && due > now) {
			sync_outbox_item_fini(&it);
			break;
		}
		struct sync_request req;
		enum sync_err be = sync_request_build(&it.result, &req);
		if (be) {
			char why[SYNC_REASON_MAX];
			snprintf(why, sizeof why, "cannot build the request: %s", sync_err_str(be));
			err = sync_outbox_refuse(s, it.seq, SYNC_OUTBOX_FAILED, 0, why);
			pass->refused++;
			sync_outbox_item_fini(&it);
			if (err)
				break;
			continue;
		}
		struct sync_http_reply r;
		sync_client_post(c, req.path, it.idem_key, req.body, req.body_len, &r);
		sync_request_free(&req);
		int64_t delay = sync_backoff_ms(cfg->backoff_base_ms, cfg->backoff_cap_ms, it.attempts);
		struct sync_problem pb;
		char d[SYNC_REASON_MAX];
		if (r.net == SYNC_NET_ABORTED) {
			/* Stopping: the entry stays as it was; the key makes the
			 * next try safe whether or not the server got this one. */
		} else if (r.net != SYNC_NET_OK) {
			pass_fail(pass, net_fatal(r.net), "push: %s", r.error);
			if (!net_fatal(r.net)) {
				err = sync_outbox_retry_later(s, it.seq, now + delay, 0, r.error);
				pass->stopped_transient = 1;
			}
		} else if (r.status == 200 || r.status == 201) {
			struct sync_ack ack;
			struct sync_reply_where w;
			enum sync_err pe = sync_reply_ack(it.result.kind, r.body, r.len, &ack, &w);
			if (pe) {
				/* Stored or not, a retry with the same key is safe. */
				snprintf(d, sizeof d, "success reply unreadable: %s at %s",
				         sync_err_str(pe), w.field);
				pass_fail(pass, 0, "push: %s", d);
				err = sync_outbox_retry_later(s, it.seq, now + delay, (int)r.status, d);
				pass->stopped_transient = 1;
			} else {
				err = sync_outbox_ack(s, it.seq, ack.ref);
				pass->pushed++;
			}
		} else if (r.status == 401 || r.status == 403) {
			refused(pass, "push", &r);
		} else if (r.status == 408 || r.status == 429 || r.status >= 500) {
			describe(&r, d, sizeof d, &pb);
			if (r.retry_after_ms > delay)
				delay = r.retry_after_ms;
			pass_fail(pass, 0, "push: %.200s (will retry)", d);
			err = sync_outbox_retry_later(s, it.seq, now + delay, (int)r.status, d);
			pass->stopped_transient = 1;
		} else if (r.status == 412) {
			describe(&r, d, sizeof d, &pb);
			err = sync_outbox_refuse(s, it.seq, SYNC_OUTBOX_CONFLICT, 412, d);
			pass->conflicts++;
		} else {
			describe(&r, d, sizeof d, &pb);
			err = sync_outbox_refuse(s, it.seq, SYNC_OUTBOX_FAILED, (int)r.status, d);
			pass->refused++;
		}
		int stop = r.net == SYNC_NET_ABORTED || pass->fatal || pass->stopped_transient;
		sync_http_reply_fini(&r);
		sync_outbox_item_fini(&it);
		if (err || stop)
			break;
	}
	return err;
}

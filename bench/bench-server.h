/* bench-server.h: a made-up shop served from 127.0.0.1, the syncs the
 * benchmarks time against it, and curl fetching the same for comparison
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "reg-sync-engine.h"

G_BEGIN_DECLS

/* People, places and products of the made-up shops. */
typedef struct
{
  const char *city;
  const char *postcode;
  const char *state;    /* a code, "" where the country has none */
  const char *country;
} BenchPlace;

typedef struct
{
  const char *name;
  guint       price;    /* cents, tax included */
} BenchProduct;

extern const char * const bench_given[16];
extern const char * const bench_family[16];
extern const BenchPlace bench_places[10];
extern const BenchProduct bench_products[12];

/* A well-spread hash: the same data every run, without a random generator. */
guint32 bench_mix (guint32 x);

typedef struct _BenchServer BenchServer;

/* What a handler did with one request. */
typedef struct
{
  char    *request;   /* (transfer full): the request as it is to be logged and replayed */
  guint64  bytes;     /* the answer's body; 0 for a request the shop refused */
  guint    think_ms;  /* how long the shop takes to answer; comes set to the server's think time */
} BenchAnswer;

/* Called in the server's thread, which must not touch anything that
 * another thread changes while a sync runs. */
typedef void (*BenchHandler) (SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              BenchAnswer       *answer,
                              gpointer           user_data);

BenchServer *bench_server_start         (BenchHandler  handler,
                                         gpointer      user_data);
void         bench_server_stop          (BenchServer  *server);
/* http://127.0.0.1:PORT, without a slash at the end */
const char  *bench_server_get_url       (BenchServer  *server);
void         bench_server_set_think_ms  (BenchServer  *server,
                                         guint         think_ms);
/* (transfer full): the requests since the last call, as logged, with the
 * bytes sent, the number refused, and (nullable) the connections they
 * came on */
GPtrArray   *bench_server_take_requests (BenchServer  *server,
                                         guint64      *bytes,
                                         guint        *refused,
                                         guint        *connections);

/* Runs @argv with its output in @stdout_path; its wall time in seconds. */
gboolean     bench_spawn                (const char * const *argv,
                                         const char   *stdout_path,
                                         double       *seconds);

typedef struct
{
  double             seconds;         /* the child process, start to end */
  double             engine_seconds;  /* the engine's run alone */
  double             cpu_seconds;     /* the child's processor time, all its threads */
  double             peak_mb;         /* the child's peak resident memory */
  RegSyncPageResult  totals;
  GPtrArray         *requests;        /* as the server logged them */
  guint64            bytes;           /* sent by the server */
  guint              connections;     /* the TCP connections the requests came on */
} BenchSync;

/* In the child: a new database at @db_path with the shop at @url in it,
 * and an engine to sync them; NULL, having said why, if that fails. */
RegSyncEngine *bench_sync_engine_new    (const char   *db_path,
                                         RegOrigin     platform,
                                         const char   *url,
                                         const char   *key,
                                         const char   *secret);
/* In the child: runs @engine to its end as the app would, then prints
 * what it did for bench_sync_spawn(). Returns the exit status. */
int          bench_sync_child           (RegSyncEngine *engine);
/* In the parent: runs the child @argv, which calls bench_sync_child(),
 * against @server. FALSE, having said why, unless it synced @n_orders
 * orders without refused requests or skipped records. */
gboolean     bench_sync_spawn           (BenchServer  *server,
                                         const char * const *argv,
                                         const char   *stdout_path,
                                         guint         n_orders,
                                         BenchSync    *figures);
void         bench_sync_clear           (BenchSync    *figures);

/* Runs curl with the options in @config, each of its transfers writing
 * its HTTP status on a line of its own ("write-out"). FALSE, having said
 * why, unless all @n_transfers got 200. @connections may be NULL. */
gboolean     bench_curl                 (BenchServer  *server,
                                         const char   *dir,
                                         const char   *config,
                                         guint         n_transfers,
                                         double       *seconds,
                                         guint64      *bytes,
                                         guint        *connections);

G_END_DECLS

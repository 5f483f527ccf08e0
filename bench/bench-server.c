/* bench-server.c: a made-up shop served from 127.0.0.1, the syncs the
 * benchmarks time against it, and curl fetching the same for comparison
 *
 * The server has a thread and main context of its own, so that the
 * benchmark's own work never holds it up; each sync runs in a child
 * process, as the CLI would.
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench-server.h"
#include "reg-store.h"

extern char **environ;

const char * const bench_given[16] = { "Anna", "Jürgen", "Zoë", "José", "Kim", "Lukas", "Marie", "Søren", "Ana",
                                       "Tom", "Chloé", "Oskar", "Mia", "Łukasz", "Emma", "Noah" };
const char * const bench_family[16] = { "Müller", "García", "Weiß", "Lee", "Nowak", "Rossi", "Dubois", "Smith",
                                        "Öztürk", "Berg", "Novák", "Jensen", "O’Brien", "Schmidt", "Costa",
                                        "Kowalski" };
const BenchPlace bench_places[10] = {
  { "Berlin", "10115", "BE", "DE" }, { "Köln", "50667", "NW", "DE" }, { "München", "80331", "BY", "DE" },
  { "Wien", "1010", "", "AT" }, { "Zürich", "8001", "ZH", "CH" }, { "Graz", "8010", "", "AT" },
  { "Bremen", "28195", "HB", "DE" }, { "Paris", "75001", "", "FR" }, { "Hamburg", "20095", "HH", "DE" },
  { "Leipzig", "04109", "SN", "DE" },
};
const BenchProduct bench_products[12] = {
  { "Stoneware mug, blue", 1490 }, { "Sencha tea, 100 g", 890 }, { "Beeswax candle", 1250 },
  { "Linen tea towel", 1900 }, { "Olive wood spoon", 650 }, { "Goat milk soap", 595 },
  { "Cast iron teapot, 0.8 l", 5900 }, { "Dot grid notebook A5", 1450 }, { "Gift card", 2500 },
  { "Ceramic bowl (set of 2)", 3290 }, { "Hand cream, 50 ml", 1195 }, { "Matcha whisk", 1850 },
};

struct _BenchServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *url;
  BenchHandler  handler;
  gpointer      user_data;

  /* Filled by the server's thread. */
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GPtrArray    *requests;   /* char *, as the handler logged them */
  GHashTable   *ports;      /* the clients' ports: one for each connection */
  guint64       bytes;
  guint         refused;
  guint         think_ms;
};

guint32
bench_mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
handle_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  BenchServer *server = user_data;
  GSocketAddress *client = soup_server_message_get_remote_address (msg);
  guint port = G_IS_INET_SOCKET_ADDRESS (client) ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (client)) : 0;
  BenchAnswer answer = { 0, };

  g_mutex_lock (&server->lock);
  answer.think_ms = server->think_ms;
  g_mutex_unlock (&server->lock);

  server->handler (msg, path, query, &answer, server->user_data);

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->requests, answer.request ? answer.request : g_strdup (path));
  server->bytes += answer.bytes;
  g_hash_table_add (server->ports, GUINT_TO_POINTER (port));
  if (answer.bytes == 0)
    server->refused++;
  g_mutex_unlock (&server->lock);

  /* A real shop spends a while on each answer: its code and database
   * build it. The answer is ready, but goes out only after that. */
  if (answer.think_ms > 0)
    {
      g_autoptr(GSource) later = g_timeout_source_new (answer.think_ms);

      soup_server_message_pause (msg);
      g_source_set_callback (later, unpause_cb, g_object_ref (msg), g_object_unref);
      g_source_attach (later, server->context);
    }
}

static gpointer
server_thread (gpointer data)
{
  BenchServer *server = data;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  soup = soup_server_new ("server-header", "Apache", NULL);
  soup_server_add_handler (soup, NULL, handle_cb, server, NULL);
  if (!soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("Cannot listen on 127.0.0.1: %s", error->message);
  uris = soup_server_get_uris (soup);

  g_mutex_lock (&server->lock);
  server->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (server->url, "/"))
    server->url[strlen (server->url) - 1] = '\0';
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (soup);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

BenchServer *
bench_server_start (BenchHandler handler,
                    gpointer     user_data)
{
  BenchServer *server = g_new0 (BenchServer, 1);

  server->handler = handler;
  server->user_data = user_data;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->requests = g_ptr_array_new_with_free_func (g_free);
  server->ports = g_hash_table_new (NULL, NULL);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);

  server->thread = g_thread_new ("shop", server_thread, server);
  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  return server;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bench_server_stop (BenchServer *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_ptr_array_unref (server->requests);
  g_hash_table_unref (server->ports);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->url);
  g_free (server);
}

const char *
bench_server_get_url (BenchServer *server)
{
  return server->url;
}

void
bench_server_set_think_ms (BenchServer *server,
                           guint        think_ms)
{
  g_mutex_lock (&server->lock);
  server->think_ms = think_ms;
  g_mutex_unlock (&server->lock);
}

GPtrArray *
bench_server_take_requests (BenchServer *server,
                            guint64     *bytes,
                            guint       *refused,
                            guint       *connections)
{
  GPtrArray *requests;

  g_mutex_lock (&server->lock);
  requests = g_steal_pointer (&server->requests);
  server->requests = g_ptr_array_new_with_free_func (g_free);
  *bytes = server->bytes;
  *refused = server->refused;
  if (connections != NULL)
    *connections = g_hash_table_size (server->ports);
  server->bytes = 0;
  server->refused = 0;
  g_hash_table_remove_all (server->ports);
  g_mutex_unlock (&server->lock);

  return requests;
}

gboolean
bench_spawn (const char * const *argv,
             const char         *stdout_path,
             double             *seconds)
{
  posix_spawn_file_actions_t actions;
  gint64 start;
  pid_t pid;
  int status;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  start = g_get_monotonic_time ();
  if (posix_spawnp (&pid, argv[0], &actions, NULL, (char **)argv, environ) != 0)
    {
      g_printerr ("Could not run %s\n", argv[0]);
      posix_spawn_file_actions_destroy (&actions);
      return FALSE;
    }
  waitpid (pid, &status, 0);
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  posix_spawn_file_actions_destroy (&actions);

  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("%s failed\n", argv[0]);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gboolean          done;
  gboolean          ok;
  GError           *error;
  RegSyncPageResult totals;
} SyncRun;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  run->ok = reg_sync_engine_run_finish (REG_SYNC_ENGINE (object), result, &run->totals, &run->error);
  run->done = TRUE;
}

RegSyncEngine *
bench_sync_engine_new (const char *db_path,
                       RegOrigin   platform,
                       const char *url,
                       const char *key,
                       const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegStore) store = NULL;
  g_autoptr(RegSource) source = NULL;
  gint64 id;

  if (!(store = reg_store_open (db_path, &error)) ||
      !(id = reg_store_add_source (store, platform, "Bench shop", url, &error)) ||
      !(source = reg_store_get_source (store, id, &error)))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }

  return reg_sync_engine_new (store, source, key, secret);
}

int
bench_sync_child (RegSyncEngine *engine)
{
  g_autofree char *status = NULL;
  struct rusage usage;
  SyncRun run = { 0, };
  const char *hwm;
  guint64 peak_kb = 0;
  double seconds;
  double cpu;
  gint64 start;

  start = g_get_monotonic_time ();
  reg_sync_engine_run_async (engine, NULL, sync_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  if (!run.ok)
    {
      g_printerr ("Sync failed: %s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }

  seconds = (g_get_monotonic_time () - start) / 1e6;

  /* The peak is read here, not from the parent's rusage: a child spawned
   * from a process as big as the server starts with the server's peak. */
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) && (hwm = strstr (status, "VmHWM:")))
    peak_kb = g_ascii_strtoull (hwm + strlen ("VmHWM:"), NULL, 10);

  getrusage (RUSAGE_SELF, &usage);
  cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;

  printf ("%u %u %u %u %u %.3f %" G_GUINT64_FORMAT " %.3f\n", run.totals.contacts_added,
          run.totals.contacts_updated, run.totals.orders_added, run.totals.orders_updated, run.totals.skipped, seconds,
          peak_kb, cpu);

  return 0;
}

gboolean
bench_sync_spawn (BenchServer        *server,
                  const char * const *argv,
                  const char         *stdout_path,
                  guint               n_orders,
                  BenchSync          *figures)
{
  g_autofree char *said = NULL;
  RegSyncPageResult *totals = &figures->totals;
  guint64 peak_kb = 0;
  guint refused;

  memset (figures, 0, sizeof *figures);
  g_ptr_array_unref (bench_server_take_requests (server, &figures->bytes, &refused, NULL));

  if (!bench_spawn (argv, stdout_path, &figures->seconds))
    return FALSE;

  figures->requests = bench_server_take_requests (server, &figures->bytes, &refused, &figures->connections);
  if (!g_file_get_contents (stdout_path, &said, NULL, NULL) ||
      sscanf (said, "%u %u %u %u %u %lf %" G_GUINT64_FORMAT " %lf", &totals->contacts_added,
              &totals->contacts_updated, &totals->orders_added, &totals->orders_updated, &totals->skipped,
              &figures->engine_seconds, &peak_kb, &figures->cpu_seconds) != 8)
    {
      g_printerr ("The sync said nothing\n");
      return FALSE;
    }
  figures->peak_mb = peak_kb / 1024.0;
  if (refused > 0 || totals->orders_added != n_orders || totals->skipped > 0)
    {
      g_printerr ("The sync of %u orders went wrong: %u refused requests, %u orders added, %u skipped\n",
                  n_orders, refused, totals->orders_added, totals->skipped);
      return FALSE;
    }

  return TRUE;
}

void
bench_sync_clear (BenchSync *figures)
{
  g_clear_pointer (&figures->requests, g_ptr_array_unref);
}

gboolean
bench_curl (BenchServer *server,
            const char  *dir,
            const char  *config,
            guint        n_transfers,
            double      *seconds,
            guint64     *bytes,
            guint       *connections)
{
  g_autofree char *config_path = g_build_filename (dir, "curl.config", NULL);
  g_autofree char *out = g_build_filename (dir, "curl.out", NULL);
  g_autofree char *said = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "curl", "--silent", "--show-error", "--config", config_path, NULL };
  guint refused;
  guint ok = 0;

  if (!g_file_set_contents (config_path, config, -1, NULL))
    return FALSE;

  g_ptr_array_unref (bench_server_take_requests (server, bytes, &refused, NULL));
  if (!bench_spawn (argv, out, seconds))
    return FALSE;
  g_ptr_array_unref (bench_server_take_requests (server, bytes, &refused, connections));

  if (!g_file_get_contents (out, &said, NULL, NULL))
    return FALSE;
  lines = g_strsplit (said, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    ok += g_str_equal (lines[i], "200");
  if (ok != n_transfers || refused > 0)
    {
      g_printerr ("curl got %u of %u answers\n", ok, n_transfers);
      return FALSE;
    }

  return TRUE;
}

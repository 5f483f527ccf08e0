/* reg-sync-engine.c: running a sync with a shop in the background
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-sync-engine.h"
#include "reg-sync-error.h"
#include "reg-sync-platform.h"
#include "reg-text.h"
#include "reg-woo-map.h"

struct _RegSyncEngine
{
  GObject        parent_instance;

  RegStore      *store;
  RegSource     *source;
  char          *key;
  char          *secret;
  RegHttpPolicy  policy;
  guint          page_size;
  char          *api_version;
  guint          bulk_threshold;
};

G_DEFINE_FINAL_TYPE (RegSyncEngine, reg_sync_engine, G_TYPE_OBJECT)

enum {
  PROGRESS,
  WAITING,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

void
reg_sync_page_init (RegSyncPage *page)
{
  page->customers = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_customer_free);
  page->orders = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_order_free);
  page->skips = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_skip_free);
  page->state = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (page->state, NULL);
  page->n_records = 0;
  page->n_new = 0;
}

void
reg_sync_page_clear (RegSyncPage *page)
{
  g_clear_pointer (&page->customers, g_ptr_array_unref);
  g_clear_pointer (&page->orders, g_ptr_array_unref);
  g_clear_pointer (&page->skips, g_ptr_array_unref);
  g_clear_pointer (&page->state, g_ptr_array_unref);
}

void
reg_sync_page_add_state (RegSyncPage *page,
                         const char  *key,
                         const char  *value)
{
  g_ptr_array_insert (page->state, page->state->len - 1, g_strdup (key));
  g_ptr_array_insert (page->state, page->state->len - 1, g_strdup (value));
}

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
reg_sync_engine_finalize (GObject *object)
{
  RegSyncEngine *self = (RegSyncEngine *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->source, reg_source_free);
  wipe (&self->key);
  wipe (&self->secret);
  g_free (self->api_version);

  G_OBJECT_CLASS (reg_sync_engine_parent_class)->finalize (object);
}

static void
reg_sync_engine_class_init (RegSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reg_sync_engine_finalize;

  /**
   * RegSyncEngine::progress:
   * @what: the kind of record being synced, "Customers" or "Orders"
   * @done: how many of them this sync has gone through
   * @total: how many the shop has to send, 0 if unknown
   *
   * Emitted on the main context of the caller of run_async().
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * RegSyncEngine::waiting:
   * @message: why the sync waits and for how long, in plain words
   */
  signals[WAITING] =
    g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

/**
 * reg_sync_dup_api_version:
 *
 * Returns: (transfer full) (nullable): the Shopify API version the
 *   settings ask for, %NULL for the one Regulars was written for
 */
char *
reg_sync_dup_api_version (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *version = NULL;

  /* Without the app's schema (a test, the CLI run from the build tree),
   * the built-in version. */
  if (source == NULL ||
      !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) ||
      !g_settings_schema_has_key (schema, "shopify-api-version"))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  version = g_settings_get_string (settings, "shopify-api-version");

  return version[0] != '\0' ? g_steal_pointer (&version) : NULL;
}

static void
reg_sync_engine_init (RegSyncEngine *self)
{
  reg_http_policy_init (&self->policy);
  self->page_size = 100;
  self->api_version = reg_sync_dup_api_version ();
}

/**
 * reg_sync_engine_new:
 * @key: (nullable): the shop's key (WooCommerce consumer key)
 * @secret: (nullable): the secret that goes with it
 *
 * The key and secret are kept only in memory, wiped when done.
 */
RegSyncEngine *
reg_sync_engine_new (RegStore   *store,
                     RegSource  *source,
                     const char *key,
                     const char *secret)
{
  RegSyncEngine *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self = g_object_new (REG_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->source = g_new0 (RegSource, 1);
  self->source->id = source->id;
  self->source->platform = source->platform;
  self->source->name = g_strdup (source->name);
  self->source->url = g_strdup (source->url);
  self->key = g_strdup (key);
  self->secret = g_strdup (secret);

  return self;
}

void
reg_sync_engine_set_policy (RegSyncEngine       *self,
                            const RegHttpPolicy *policy)
{
  g_return_if_fail (REG_IS_SYNC_ENGINE (self));

  self->policy = *policy;
}

void
reg_sync_engine_set_page_size (RegSyncEngine *self,
                               guint          page_size)
{
  g_return_if_fail (REG_IS_SYNC_ENGINE (self));

  self->page_size = CLAMP (page_size, 1, 100);
}

/**
 * reg_sync_engine_set_api_version:
 * @version: (nullable): the shop API's version ("2026-10" for Shopify);
 *   %NULL or "" for the one Regulars was written for
 */
void
reg_sync_engine_set_api_version (RegSyncEngine *self,
                                 const char    *version)
{
  g_return_if_fail (REG_IS_SYNC_ENGINE (self));

  g_free (self->api_version);
  self->api_version = version != NULL && version[0] != '\0' ? g_strdup (version) : NULL;
}

/**
 * reg_sync_engine_set_bulk_threshold:
 * @n_orders: from how many records a first sync asks Shopify for one bulk
 *   export instead of pages; 0 for the default
 */
void
reg_sync_engine_set_bulk_threshold (RegSyncEngine *self,
                                    guint          n_orders)
{
  g_return_if_fail (REG_IS_SYNC_ENGINE (self));

  self->bulk_threshold = n_orders;
}

/* Signals go to the main context the sync was started from. */
typedef struct
{
  RegSyncEngine *self;
  char          *text;
  guint          done;
  guint          total;
  gboolean       waiting;
} Report;

static gboolean
emit_report (gpointer data)
{
  Report *report = data;

  if (report->waiting)
    g_signal_emit (report->self, signals[WAITING], 0, report->text);
  else
    g_signal_emit (report->self, signals[PROGRESS], 0, report->text, report->done, report->total);

  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->self);
  g_free (report->text);
  g_free (report);
}

static void
report (GTask      *task,
        const char *text,
        guint       done,
        guint       total,
        gboolean    waiting)
{
  Report *r = g_new0 (Report, 1);

  r->self = g_object_ref (g_task_get_source_object (task));
  r->text = g_strdup (text);
  r->done = done;
  r->total = total;
  r->waiting = waiting;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, emit_report, r, report_free);
}

typedef struct
{
  GTask      *task;
  const char *what;
} WaitData;

static void
waiting_cb (guint    next_try,
            guint    delay_ms,
            gpointer user_data)
{
  WaitData *data = user_data;
  RegSyncEngine *self = g_task_get_source_object (data->task);
  guint seconds = (delay_ms + 999) / 1000;
  g_autofree char *text = NULL;

  /* Translators: the first %u is seconds, then the try number and how many there will be */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The shop is busy or did not answer. Trying again in %u second (try %u of %u).",
                                       "The shop is busy or did not answer. Trying again in %u seconds (try %u of %u).",
                                       seconds),
                          seconds, next_try, self->policy.max_tries);
  report (data->task, text, 0, 0, TRUE);
}

static void
context_waiting (gpointer    data,
                 const char *message)
{
  WaitData *wait = data;

  report (wait->task, message, 0, 0, TRUE);
}

static void
context_progress (gpointer    data,
                  const char *what,
                  guint       done,
                  guint       total)
{
  WaitData *wait = data;

  report (wait->task, what, done, total, FALSE);
}

static void
context_init (RegSyncEngine  *self,
              RegSyncContext *context,
              SoupSession    *session,
              GCancellable   *cancellable,
              WaitData       *wait)
{
  context->session = session;
  context->policy = &self->policy;
  context->cancellable = cancellable;
  context->key = self->key;
  context->secret = self->secret;
  context->api_version = self->api_version;
  context->bulk_threshold = self->bulk_threshold;
  context->waiting = context_waiting;
  context->progress = context_progress;
  context->wait_func = waiting_cb;
  context->data = wait;
}

static gboolean
run_sync (RegSyncEngine      *self,
          GTask              *task,
          GCancellable       *cancellable,
          RegSyncPageResult  *totals,
          GError            **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *authorization = NULL;
  RegSyncPlatform *platform = NULL;
  const char *last_what = NULL;
  guint done = 0;
  gboolean ok = FALSE;

  if (!reg_http_check_url (self->source->url, error))
    return FALSE;

  switch (self->source->platform)
    {
    case REG_ORIGIN_WOOCOMMERCE:
      platform = reg_woo_platform_new ();
      break;

    case REG_ORIGIN_SHOPIFY:
      platform = reg_shopify_platform_new ();
      break;

    default:
      g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                           _("Regulars cannot sync with this kind of shop yet."));
      return FALSE;
    }

  session = soup_session_new_with_options ("timeout", self->policy.timeout_s,
                                           "user-agent", "Regulars/" PACKAGE_VERSION " ",
                                           NULL);
  if (platform->authorization != NULL)
    authorization = platform->authorization (platform, self->key, self->secret);

  if (!platform->begin (platform, self->store, self->source, self->page_size, error))
    goto out;

  for (;;)
    {
      g_autoptr(GUri) uri = NULL;
      g_autoptr(RegHttpResponse) response = NULL;
      const char *what = NULL;
      RegSyncPage page;
      WaitData wait = { task, NULL };
      guint remaining = 0;
      gboolean written;

      if (platform->fetch_page != NULL)
        {
          RegSyncContext context;
          g_autoptr(GError) local_error = NULL;

          context_init (self, &context, session, cancellable, &wait);
          reg_sync_page_init (&page);
          if (!platform->fetch_page (platform, &context, &page, &what, &remaining, &local_error))
            {
              reg_sync_page_clear (&page);
              if (local_error == NULL)
                break;
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          if (what != last_what)
            done = 0;
          last_what = what;
        }
      else
        {
          if (!(uri = platform->next_request (platform, &what)))
            break;
          if (what != last_what)
            done = 0;
          last_what = what;
          wait.what = what;

          response = reg_http_get (session, uri, authorization, &self->policy, waiting_cb, &wait, cancellable,
                                   error);
          if (response == NULL)
            goto out;

          if (response->status < 200 || response->status >= 300)
            {
              platform->describe_error (platform, response, error);
              goto out;
            }

          reg_sync_page_init (&page);
          if (!platform->read_page (platform, response, &page, &remaining, error))
            {
              reg_sync_page_clear (&page);
              goto out;
            }
        }

      written = reg_store_sync_write_page (self->store, self->source->id, page.customers, page.orders,
                                           page.skips, (const char * const *)page.state->pdata, totals, error);
      if (written)
        platform->page_done (platform, &page);
      reg_sync_page_clear (&page);

      if (!written)
        goto out;

      report (task, what, done + page.n_new, done + MAX (remaining, page.n_new), FALSE);
      done += page.n_new;

      if (g_cancellable_set_error_if_cancelled (cancellable, NULL))
        {
          g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED, _("The sync was stopped."));
          goto out;
        }
    }

  ok = TRUE;

out:
  if (authorization != NULL)
    memset (authorization, 0, strlen (authorization));
  platform->free (platform);

  return ok;
}

/**
 * reg_sync_summary_text:
 *
 * Returns: (transfer full): what a sync did, in one plain line
 */
char *
reg_sync_summary_text (const RegSyncPageResult *totals)
{
  g_autofree char *orders = NULL;
  g_autofree char *customers = NULL;

  orders = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new order", "%u new orders", totals->orders_added),
                            totals->orders_added);
  customers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new customer", "%u new customers",
                                            totals->contacts_added),
                               totals->contacts_added);

  if (totals->skipped > 0)
    {
      g_autofree char *skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u record skipped (see the log)",
                                                               "%u records skipped (see the log)",
                                                               totals->skipped),
                                                  totals->skipped);
      /* Translators: "3 new orders, 1 updated, 2 new customers, 1 record skipped (see the log)." */
      return g_strdup_printf (_("%s, %u updated, %s, %s."), orders, totals->orders_updated, customers, skipped);
    }

  /* Translators: "3 new orders, 1 updated, 2 new customers." */
  return g_strdup_printf (_("%s, %u updated, %s."), orders, totals->orders_updated, customers);
}

typedef struct
{
  RegSyncPageResult totals;
} RunData;

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RegSyncEngine *self = source_object;
  RunData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean ok;

  ok = run_sync (self, task, cancellable, &data->totals, &error);

  /* The shop's line in Preferences says how it went, either way. */
  summary = ok ? reg_sync_summary_text (&data->totals) : g_strdup (error->message);
  reg_store_set_sync_result (self->store, self->source->id, ok, summary, NULL);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * reg_sync_engine_run_async:
 *
 * Syncs the shop in a worker thread, page by page, each page written
 * with its checkpoint in one transaction: stopped or failed at any point,
 * the next sync goes on from the last page written.
 */
void
reg_sync_engine_run_async (RegSyncEngine       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (REG_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reg_sync_engine_run_async);
  g_task_set_task_data (task, g_new0 (RunData, 1), g_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

/**
 * reg_sync_engine_run_finish:
 * @totals: (out caller-allocates) (optional): what the sync did, also
 *   when it failed part-way (the pages written before stay)
 */
gboolean
reg_sync_engine_run_finish (RegSyncEngine      *self,
                            GAsyncResult       *result,
                            RegSyncPageResult  *totals,
                            GError            **error)
{
  RunData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (totals != NULL)
    *totals = data->totals;

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  RegOrigin  platform;
  char      *url;
  char      *key;
  char      *secret;
  char      *api_version;
  char      *notice;
  guint      timeout_s;
} TestData;

static void
test_data_free (gpointer data)
{
  TestData *test = data;

  g_free (test->url);
  wipe (&test->key);
  wipe (&test->secret);
  g_free (test->api_version);
  g_free (test->notice);
  g_free (test);
}

/* A blog or a parking page answers 200 too: only a list of orders is a shop. */
static gboolean
is_order_page (RegHttpResponse *response)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  gsize length = 0;
  const char *body = response->body ? g_bytes_get_data (response->body, &length) : NULL;

  return body != NULL && reg_woo_parse_orders (body, length, &orders, &skipped, NULL);
}

/* One small page of orders says whether address, key and permission are
 * all right. */
static void
test_woo (TestData             *test,
          SoupSession          *session,
          const RegHttpPolicy  *policy,
          GCancellable         *cancellable,
          GError              **error)
{
  g_autoptr(RegHttpResponse) response = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *base = reg_text_url_base (test->url);
  g_autofree char *url = g_strconcat (base, "/wp-json/wc/v3/orders?per_page=1", NULL);
  RegSyncPlatform *platform = reg_woo_platform_new ();

  authorization = platform->authorization (platform, test->key, test->secret);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);

  if (uri == NULL)
    g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                         _("This is not a web address. Write it as https://your-shop.example."));
  else if ((response = reg_http_get (session, uri, authorization, policy, NULL, NULL, cancellable, error)) &&
           (response->status < 200 || response->status >= 300 || !is_order_page (response)))
    platform->describe_error (platform, response, error);

  memset (authorization, 0, strlen (authorization));
  platform->free (platform);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestData *test = task_data;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  RegHttpPolicy policy;

  /* Asked once, without waiting for a busy shop: the owner is waiting. */
  reg_http_policy_init (&policy);
  policy.max_tries = 1;
  policy.timeout_s = test->timeout_s;
  session = soup_session_new_with_options ("timeout", policy.timeout_s,
                                           "user-agent", "Regulars/" PACKAGE_VERSION " ",
                                           NULL);

  if (!reg_http_check_url (test->url, &error))
    ;
  else if (test->platform == REG_ORIGIN_SHOPIFY)
    {
      RegSyncContext context = { 0 };

      context.session = session;
      context.policy = &policy;
      context.cancellable = cancellable;
      context.key = test->key;
      context.secret = test->secret;
      context.api_version = test->api_version;
      reg_shopify_test_connection (&context, test->url, &test->notice, &error);
    }
  else if (test->platform == REG_ORIGIN_WOOCOMMERCE)
    test_woo (test, session, &policy, cancellable, &error);
  else
    g_set_error_literal (&error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                         _("Regulars cannot sync with this kind of shop yet."));

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * reg_sync_test_connection_async:
 *
 * Asks the shop for one order with the given key: whether the address,
 * the key and its permission work, explained in plain words when not.
 */
void
reg_sync_test_connection_async (RegOrigin            platform,
                                const char          *url,
                                const char          *key,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TestData *test = g_new0 (TestData, 1);
  const char *timeout = g_getenv ("REGULARS_SYNC_TIMEOUT");

  test->platform = platform;
  test->url = g_strdup (url);
  test->key = g_strdup (key);
  test->secret = g_strdup (secret);
  test->timeout_s = timeout ? (guint)g_ascii_strtoull (timeout, NULL, 10) : 20;
  test->api_version = reg_sync_dup_api_version ();

  g_task_set_source_tag (task, reg_sync_test_connection_async);
  g_task_set_task_data (task, test, test_data_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, test_thread);
}

gboolean
reg_sync_test_connection_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * reg_sync_test_connection_finish_notice:
 * @notice: (out) (optional) (nullable): when the connection works with a
 *   limit the owner should know of, that limit in plain words
 */
gboolean
reg_sync_test_connection_finish_notice (GAsyncResult  *result,
                                        char         **notice,
                                        GError       **error)
{
  gboolean ok = g_task_propagate_boolean (G_TASK (result), error);

  if (notice != NULL)
    {
      TestData *test = g_task_get_task_data (G_TASK (result));

      *notice = ok ? g_strdup (test->notice) : NULL;
    }

  return ok;
}

/* reg-sync-manager.c: syncing every shop, one after another, for the app
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-credentials.h"
#include "reg-source.h"
#include "reg-sync-engine.h"
#include "reg-sync-error.h"
#include "reg-sync-manager.h"

struct _RegSyncManager
{
  GObject         parent_instance;

  RegStore       *store;
  RegHttpPolicy   policy;

  GPtrArray      *queue;        /* RegSource, still to sync */
  RegSyncEngine  *engine;       /* the one running */
  RegSource      *current;
  GCancellable   *cancellable;
  char           *status;
  double          fraction;
  guint           n_failed;
  gboolean        cancelled;
  char           *first_failure;
};

G_DEFINE_FINAL_TYPE (RegSyncManager, reg_sync_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STATUS,
  PROP_FRACTION,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void start_next (RegSyncManager *self);

static void
set_status (RegSyncManager *self,
            const char     *status,
            double          fraction)
{
  g_free (self->status);
  self->status = g_strdup (status);
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
progress_cb (RegSyncEngine  *engine,
             const char     *what,
             guint           done,
             guint           total,
             RegSyncManager *self)
{
  g_autofree char *status = NULL;
  g_autofree char *done_text = g_strdup_printf ("%'u", done);
  g_autofree char *total_text = g_strdup_printf ("%'u", total);

  /* Translators: "My shop — Orders: 1,200 of 5,430" */
  status = g_strdup_printf (_("%s — %s: %s of %s"), self->current->name, what, done_text, total_text);
  set_status (self, status, total > 0 ? (double)done / total : -1);
}

static void
waiting_cb (RegSyncEngine  *engine,
            const char     *message,
            RegSyncManager *self)
{
  g_autofree char *status = g_strdup_printf ("%s — %s", self->current->name, message);

  set_status (self, status, self->fraction);
}

static void
finish (RegSyncManager *self)
{
  g_autofree char *message = NULL;
  gboolean ok = self->n_failed == 0;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue, g_ptr_array_unref);

  /* Cancelling is the owner's own doing, not a failure to report. */
  if (ok && self->cancelled)
    message = g_strdup (_("Sync cancelled."));
  else if (ok)
    message = g_strdup (_("All shops are up to date."));
  else
    message = g_steal_pointer (&self->first_failure);

  g_clear_pointer (&self->first_failure, g_free);
  set_status (self, NULL, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, ok, message);
}

static void
engine_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RegSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!reg_sync_engine_run_finish (REG_SYNC_ENGINE (object), result, NULL, &error) &&
      !g_error_matches (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED))
    {
      self->n_failed++;
      if (self->first_failure == NULL)
        self->first_failure = g_strdup_printf ("%s: %s", self->current->name, error->message);
    }

  g_clear_object (&self->engine);
  g_clear_pointer (&self->current, reg_source_free);

  if (g_error_matches (error, REG_SYNC_ERROR, REG_SYNC_ERROR_CANCELLED))
    {
      self->cancelled = TRUE;
      g_ptr_array_set_size (self->queue, 0);
    }

  start_next (self);
}

typedef struct
{
  char *key;
  char *secret;
} Credentials;

static void
credentials_free (gpointer data)
{
  Credentials *credentials = data;

  reg_credentials_wipe (&credentials->key);
  reg_credentials_wipe (&credentials->secret);
  g_free (credentials);
}

/* Without a keyring: the variables the README names. A Shopify store
 * takes a client ID and secret, or else an access token. */
static void
env_credentials (RegOrigin   platform,
                 char      **key,
                 char      **secret)
{
  if (platform != REG_ORIGIN_SHOPIFY)
    {
      *key = g_strdup (g_getenv ("REGULARS_WC_KEY"));
      *secret = g_strdup (g_getenv ("REGULARS_WC_SECRET"));
    }
  else if (g_getenv ("REGULARS_SHOPIFY_CLIENT_ID") != NULL && g_getenv ("REGULARS_SHOPIFY_CLIENT_SECRET") != NULL)
    {
      *key = g_strdup (g_getenv ("REGULARS_SHOPIFY_CLIENT_ID"));
      *secret = g_strdup (g_getenv ("REGULARS_SHOPIFY_CLIENT_SECRET"));
    }
  else if (g_getenv ("REGULARS_SHOPIFY_TOKEN") != NULL)
    {
      *key = g_strdup (g_getenv ("REGULARS_SHOPIFY_TOKEN"));
      *secret = g_strdup ("");
    }
}

/* Asking the keyring may wait for the owner to unlock it: never on the
 * main thread. */
static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Credentials *credentials = g_new0 (Credentials, 1);

  /* The keyring, or where there is none, the environment. */
  if (!reg_credentials_lookup (task_data, &credentials->key, &credentials->secret, cancellable, NULL) ||
      credentials->key == NULL || credentials->secret == NULL)
    {
      reg_credentials_wipe (&credentials->key);
      reg_credentials_wipe (&credentials->secret);
      env_credentials (((RegSource *)task_data)->platform, &credentials->key, &credentials->secret);
    }

  g_task_return_pointer (task, credentials, credentials_free);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RegSyncManager *self = REG_SYNC_MANAGER (object);
  Credentials *credentials = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      self->cancelled = TRUE;
      g_ptr_array_set_size (self->queue, 0);
      g_clear_pointer (&self->current, reg_source_free);
    }
  else if (credentials == NULL || credentials->key == NULL || credentials->secret == NULL)
    {
      self->n_failed++;
      if (self->first_failure == NULL)
        self->first_failure = g_strdup_printf (_("%s: the shop’s key is not kept any more. "
                                                 "Connect the shop again in Preferences."),
                                               self->current->name);
      g_clear_pointer (&self->current, reg_source_free);
    }
  else
    {
      self->engine = reg_sync_engine_new (self->store, self->current, credentials->key, credentials->secret);
      reg_sync_engine_set_policy (self->engine, &self->policy);
      g_signal_connect_object (self->engine, "progress", G_CALLBACK (progress_cb), self, 0);
      g_signal_connect_object (self->engine, "waiting", G_CALLBACK (waiting_cb), self, 0);
      reg_sync_engine_run_async (self->engine, self->cancellable, engine_done_cb, g_object_ref (self));
    }

  g_clear_pointer (&credentials, credentials_free);
  if (self->engine == NULL)
    start_next (self);
}

static void
start_next (RegSyncManager *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *status = NULL;

  if (self->queue->len == 0)
    {
      finish (self);
      return;
    }

  self->current = g_ptr_array_steal_index (self->queue, 0);
  status = g_strdup_printf (_("%s — connecting…"), self->current->name);
  set_status (self, status, -1);

  task = g_task_new (self, self->cancellable, looked_up_cb, NULL);
  g_task_set_source_tag (task, start_next);
  g_task_set_task_data (task, self->current, NULL);
  g_task_run_in_thread (task, lookup_thread);
}

static void
reg_sync_manager_dispose (GObject *object)
{
  RegSyncManager *self = (RegSyncManager *)object;

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (reg_sync_manager_parent_class)->dispose (object);
}

static void
reg_sync_manager_finalize (GObject *object)
{
  RegSyncManager *self = (RegSyncManager *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->current, reg_source_free);
  g_free (self->status);
  g_free (self->first_failure);

  G_OBJECT_CLASS (reg_sync_manager_parent_class)->finalize (object);
}

static void
reg_sync_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RegSyncManager *self = REG_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, reg_sync_manager_get_running (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_sync_manager_class_init (RegSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reg_sync_manager_dispose;
  object_class->finalize = reg_sync_manager_finalize;
  object_class->get_property = reg_sync_manager_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RegSyncManager::finished:
   * @ok: whether every shop synced
   * @message: what to tell the owner
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
reg_sync_manager_init (RegSyncManager *self)
{
  reg_http_policy_init (&self->policy);
}

RegSyncManager *
reg_sync_manager_new (RegStore *store)
{
  RegSyncManager *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  self = g_object_new (REG_TYPE_SYNC_MANAGER, NULL);
  self->store = g_object_ref (store);

  return self;
}

void
reg_sync_manager_set_policy (RegSyncManager      *self,
                             const RegHttpPolicy *policy)
{
  g_return_if_fail (REG_IS_SYNC_MANAGER (self));

  self->policy = *policy;
}

gboolean
reg_sync_manager_get_running (RegSyncManager *self)
{
  g_return_val_if_fail (REG_IS_SYNC_MANAGER (self), FALSE);

  return self->queue != NULL;
}

/**
 * reg_sync_manager_get_status:
 *
 * Returns: (nullable): where the sync is, "My shop — Orders: 1,200 of 5,430"
 */
const char *
reg_sync_manager_get_status (RegSyncManager *self)
{
  g_return_val_if_fail (REG_IS_SYNC_MANAGER (self), NULL);

  return self->status;
}

/**
 * reg_sync_manager_get_fraction:
 *
 * Returns: how far the current shop is, 0 to 1, or -1 when not known
 */
double
reg_sync_manager_get_fraction (RegSyncManager *self)
{
  g_return_val_if_fail (REG_IS_SYNC_MANAGER (self), 0);

  return self->fraction;
}

/**
 * reg_sync_manager_sync_all:
 *
 * Syncs every shop, one after another, in the background.
 *
 * Returns: %FALSE when there is no shop, or a sync is running already
 */
gboolean
reg_sync_manager_sync_all (RegSyncManager *self)
{
  g_autoptr(GPtrArray) sources = NULL;

  g_return_val_if_fail (REG_IS_SYNC_MANAGER (self), FALSE);

  if (self->queue != NULL)
    return FALSE;
  if (!(sources = reg_store_list_sources (self->store, NULL)) || sources->len == 0)
    return FALSE;

  self->queue = g_steal_pointer (&sources);
  self->cancellable = g_cancellable_new ();
  self->n_failed = 0;
  self->cancelled = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  start_next (self);

  return TRUE;
}

void
reg_sync_manager_cancel (RegSyncManager *self)
{
  g_return_if_fail (REG_IS_SYNC_MANAGER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* reg-credentials.c: a shop's key and secret, in the keyring
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#if HAVE_LIBSECRET
# include <libsecret/secret.h>
#endif

#include "reg-credentials.h"
#include "reg-sync-error.h"

/* The key and secret are kept as one item per shop address, "key\nsecret",
 * never in the database. */

#if HAVE_LIBSECRET
static const SecretSchema *
shop_schema (void)
{
  static const SecretSchema schema = {
    "io.github.regulars.Regulars.Shop", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "platform", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
set_unavailable (GError       **error,
                 const GError  *cause)
{
  g_debug ("Keyring: %s", cause ? cause->message : "unavailable");
  g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                       _("No keyring is available to keep the shop’s key in."));
}
#endif

/**
 * reg_credentials_wipe:
 *
 * Overwrites a secret before freeing it.
 */
void
reg_credentials_wipe (char **text)
{
  if (*text != NULL)
    memset (*text, 0, strlen (*text));
  g_clear_pointer (text, g_free);
}

/**
 * reg_credentials_available:
 *
 * Returns: whether this build can use a keyring at all
 */
gboolean
reg_credentials_available (void)
{
  return HAVE_LIBSECRET;
}

gboolean
reg_credentials_store (RegSource     *source,
                       const char    *key,
                       const char    *secret,
                       GCancellable  *cancellable,
                       GError       **error)
{
#if HAVE_LIBSECRET
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = g_strdup_printf (_("Regulars: key for the shop “%s”"), source->name);
  g_autofree char *both = g_strconcat (key ? key : "", "\n", secret ? secret : "", NULL);
  gboolean ok;

  ok = secret_password_store_sync (shop_schema (), SECRET_COLLECTION_DEFAULT, label, both, cancellable, &local_error,
                                   "url", source->url, "platform", (int)source->platform, NULL);
  reg_credentials_wipe (&both);
  if (!ok)
    set_unavailable (error, local_error);
  return ok;
#else
  g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                       _("No keyring is available to keep the shop’s key in."));
  return FALSE;
#endif
}

/**
 * reg_credentials_lookup:
 * @key: (out) (transfer full): the key, or %NULL if none is kept
 * @secret: (out) (transfer full): the secret, or %NULL
 *
 * Returns: %FALSE with @error set only when the keyring cannot be asked
 */
gboolean
reg_credentials_lookup (RegSource     *source,
                        char         **key,
                        char         **secret,
                        GCancellable  *cancellable,
                        GError       **error)
{
  *key = *secret = NULL;

#if HAVE_LIBSECRET
  {
    g_autoptr(GError) local_error = NULL;
    char *both = secret_password_lookup_sync (shop_schema (), cancellable, &local_error,
                                              "url", source->url, "platform", (int)source->platform, NULL);
    char *newline;

    if (local_error != NULL)
      {
        set_unavailable (error, local_error);
        return FALSE;
      }
    if (both == NULL)
      return TRUE;

    if ((newline = strchr (both, '\n')) != NULL)
      {
        *key = g_strndup (both, newline - both);
        *secret = g_strdup (newline + 1);
      }
    secret_password_wipe (both);
    secret_password_free (both);
    return TRUE;
  }
#else
  g_set_error_literal (error, REG_SYNC_ERROR, REG_SYNC_ERROR_FAILED,
                       _("No keyring is available to keep the shop’s key in."));
  return FALSE;
#endif
}

gboolean
reg_credentials_forget (RegSource     *source,
                        GCancellable  *cancellable,
                        GError       **error)
{
#if HAVE_LIBSECRET
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (shop_schema (), cancellable, &local_error,
                              "url", source->url, "platform", (int)source->platform, NULL);
  if (local_error != NULL)
    {
      set_unavailable (error, local_error);
      return FALSE;
    }
  return TRUE;
#else
  return TRUE;
#endif
}

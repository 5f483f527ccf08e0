/* reg-store-sync.c: shops, and writing what a sync brings, a page at a time
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-source.h"
#include "reg-store-private.h"
#include "reg-text.h"

/* What a shop may set on a customer, unless the owner typed it. The
 * e-mail address is not here: it is how customers are told apart. */
static const RegContactField shop_fields[] = {
  REG_CONTACT_FIELD_GIVEN_NAME, REG_CONTACT_FIELD_FAMILY_NAME, REG_CONTACT_FIELD_PHONE,
  REG_CONTACT_FIELD_COMPANY, REG_CONTACT_FIELD_STREET, REG_CONTACT_FIELD_POSTCODE,
  REG_CONTACT_FIELD_CITY, REG_CONTACT_FIELD_COUNTRY,
};

void
reg_source_free (RegSource *source)
{
  if (source == NULL)
    return;

  g_free (source->name);
  g_free (source->url);
  g_free (source->last_result);
  g_free (source);
}

void
reg_sync_customer_free (RegSyncCustomer *customer)
{
  if (customer == NULL)
    return;

  g_clear_object (&customer->contact);
  g_free (customer->remote_id);
  g_free (customer);
}

void
reg_sync_order_free (RegSyncOrder *order)
{
  if (order == NULL)
    return;

  g_clear_object (&order->order);
  g_clear_object (&order->billing);
  g_free (order->customer_remote_id);
  g_free (order);
}

RegSyncSkip *
reg_sync_skip_new (const char *remote_id,
                   const char *reason)
{
  RegSyncSkip *skip = g_new0 (RegSyncSkip, 1);

  skip->remote_id = g_strdup (remote_id);
  skip->reason = g_strdup (reason);
  skip->logged_at = g_get_real_time () / G_USEC_PER_SEC;

  return skip;
}

void
reg_sync_skip_free (RegSyncSkip *skip)
{
  if (skip == NULL)
    return;

  g_free (skip->remote_id);
  g_free (skip->reason);
  g_free (skip);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Runs @sql on the writer, outside any transaction, with ?1 the id, ?2
 * the text, ?3 the time now and ?4 the flag. */
static gboolean
write_one (RegStore    *self,
           const char  *sql,
           gint64       id,
           const char  *text,
           gboolean     ok,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;
  sqlite3 *db;
  int rc;

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, sql, error)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, now_seconds ());
      sqlite3_bind_int (stmt, 4, ok);
      if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
        done = TRUE;
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  return done;
}

/**
 * reg_store_add_source:
 * @name: what the owner calls the shop; unique, whatever the case
 *
 * Returns: the new shop's id, or 0 with @error set
 */
gint64
reg_store_add_source (RegStore    *self,
                      RegOrigin    platform,
                      const char  *name,
                      const char  *url,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = NULL;
  gint64 id = 0;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), 0);
  g_return_val_if_fail (platform == REG_ORIGIN_WOOCOMMERCE || platform == REG_ORIGIN_SHOPIFY, 0);
  g_return_val_if_fail (url != NULL, 0);

  if ((clean = reg_text_strip (name)) == NULL)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED, _("The shop needs a name."));
      return 0;
    }

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db,
                                  "INSERT INTO sources (platform, name, url, created_at) VALUES (?1, ?2, ?3, ?4)",
                                  error)))
    {
      sqlite3_bind_int (stmt, 1, platform);
      sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, url, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now_seconds ());
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (db);
      else if (rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS,
                     _("There is already a shop called “%s”."), clean);
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  return id;
}

#define SOURCE_COLUMNS "id, platform, name, url, created_at, last_sync_at, last_ok, last_result"

static RegSource *
source_from_row (sqlite3_stmt *stmt)
{
  RegSource *source = g_new0 (RegSource, 1);

  source->id = sqlite3_column_int64 (stmt, 0);
  source->platform = sqlite3_column_int (stmt, 1);
  source->name = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  source->url = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  source->created_at = sqlite3_column_int64 (stmt, 4);
  source->last_sync_at = sqlite3_column_int64 (stmt, 5);
  source->last_ok = sqlite3_column_int (stmt, 6) != 0;
  source->last_result = g_strdup ((const char *)sqlite3_column_text (stmt, 7));

  return source;
}

/* Reads the shops @sql picks, ?1 bound to @name or @id. */
static GPtrArray *
read_sources (RegStore    *self,
              const char  *sql,
              const char  *name,
              gint64       id,
              GError     **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_source_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc = SQLITE_OK;

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db, sql, error)))
    {
      if (name != NULL)
        sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (sources, source_from_row (stmt));
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&sources);
}

/**
 * reg_store_list_sources:
 *
 * Returns: (transfer full) (element-type RegSource): the shops, by name
 */
GPtrArray *
reg_store_list_sources (RegStore  *self,
                        GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  return read_sources (self, "SELECT " SOURCE_COLUMNS " FROM sources WHERE ?1 IS NOT NULL ORDER BY lower (name)",
                       NULL, 1, error);
}

static RegSource *
only_source (GPtrArray   *sources,
             const char  *name,
             GError     **error)
{
  if (sources == NULL)
    return NULL;

  if (sources->len == 0)
    {
      if (name != NULL)
        g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("There is no shop called “%s”."), name);
      else
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("This shop is no longer there."));
      return NULL;
    }

  return g_ptr_array_steal_index (sources, 0);
}

/**
 * reg_store_list_contact_sources:
 *
 * Returns: (transfer full) (element-type RegSource): the shops a customer
 *   is known to, by their account or by their orders, by name
 */
GPtrArray *
reg_store_list_contact_sources (RegStore  *self,
                                gint64     contact_id,
                                GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  return read_sources (self,
                       "SELECT " SOURCE_COLUMNS " FROM sources WHERE id IN ("
                       "  SELECT source_id FROM contact_links WHERE contact_id = ?1"
                       "  UNION SELECT DISTINCT source_id FROM orders WHERE contact_id = ?1 AND source_id > 0"
                       ") ORDER BY lower (name)",
                       NULL, contact_id, error);
}

/**
 * reg_source_dup_order_url:
 * @remote_id: the shop's id of the order
 *
 * Returns: (transfer full) (nullable): where the order is in the shop's
 *   admin pages, or %NULL if there is no such page
 */
char *
reg_source_dup_order_url (const RegSource *source,
                          const char      *remote_id)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  /* Shopify names an order "gid://shopify/Order/450789469"; its page
   * takes the number at the end. */
  if (source->platform == REG_ORIGIN_SHOPIFY && remote_id != NULL)
    {
      if (!g_str_has_prefix (remote_id, "gid://shopify/Order/"))
        return NULL;
      remote_id += strlen ("gid://shopify/Order/");
    }

  /* Only a plain number goes into an address. */
  if (remote_id == NULL || remote_id[0] == '\0' || strspn (remote_id, "0123456789") != strlen (remote_id) ||
      source->url == NULL)
    return NULL;

  base = reg_text_url_base (source->url);

  switch (source->platform)
    {
    /* With the newer order tables, WooCommerce sends this address on to
     * its own order page. */
    case REG_ORIGIN_WOOCOMMERCE:
      return g_strdup_printf ("%s/wp-admin/post.php?post=%s&action=edit", base, remote_id);

    case REG_ORIGIN_SHOPIFY:
      return g_strdup_printf ("%s/admin/orders/%s", base, remote_id);

    default:
      return NULL;
    }
}

/**
 * reg_store_find_source:
 * @name: the shop's name, in any case
 *
 * Returns: (transfer full): the shop, or %NULL with @error set
 *   (%REG_STORE_ERROR_NOT_FOUND if there is none of that name)
 */
RegSource *
reg_store_find_source (RegStore    *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GPtrArray) sources = NULL;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  sources = read_sources (self, "SELECT " SOURCE_COLUMNS " FROM sources WHERE lower (name) = lower (trim (?1))",
                          name, 0, error);
  return only_source (sources, name, error);
}

RegSource *
reg_store_get_source (RegStore  *self,
                      gint64     id,
                      GError   **error)
{
  g_autoptr(GPtrArray) sources = NULL;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  sources = read_sources (self, "SELECT " SOURCE_COLUMNS " FROM sources WHERE id = ?1", NULL, id, error);
  return only_source (sources, NULL, error);
}

/**
 * reg_store_remove_source:
 *
 * Forgets a shop, its checkpoints, links and log. Its customers and
 * orders stay: they are the owner's records now.
 */
gboolean
reg_store_remove_source (RegStore  *self,
                         gint64     id,
                         GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, "DELETE FROM sources WHERE id = ?1", error)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
        done = TRUE;
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (done)
    _reg_store_emit_changed (self, REG_CHANGE_SOURCES, NULL);

  return done;
}

/**
 * reg_store_restart_sync:
 *
 * Forgets how far syncs with a shop got, and what they skipped: the next
 * sync reads everything again, and lists again only what is still wrong.
 * Nothing is doubled by it; records are matched by the shop's ids.
 */
gboolean
reg_store_restart_sync (RegStore  *self,
                        gint64     source_id,
                        GError   **error)
{
  g_autofree char *sql = NULL;
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  /* A number, not text from outside. */
  sql = g_strdup_printf ("DELETE FROM sync_state WHERE source_id = %" G_GINT64_FORMAT ";"
                         "DELETE FROM sync_log WHERE source_id = %" G_GINT64_FORMAT ";",
                         source_id, source_id);

  db = _reg_store_lock_writer (self);
  ok = _reg_store_begin (self, db, error) && _reg_store_exec (self, db, sql, error) &&
       _reg_store_commit (self, db, error);
  if (!ok)
    _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);

  if (ok)
    _reg_store_emit_changed (self, REG_CHANGE_SOURCES, NULL);

  return ok;
}

/**
 * reg_store_get_sync_state:
 *
 * Returns: (transfer full) (nullable): a checkpoint a sync left, or %NULL
 *   if there is none (and no error)
 */
char *
reg_store_get_sync_state (RegStore    *self,
                          gint64       source_id,
                          const char  *key,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *value = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db, "SELECT value FROM sync_state WHERE source_id = ?1 AND key = ?2", error)))
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      else if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  return value;
}

/**
 * reg_store_set_sync_result:
 * @result: what the sync did, or why it stopped, in plain words
 *
 * Remembers how the last sync of a shop ended, to show with the shop.
 */
gboolean
reg_store_set_sync_result (RegStore    *self,
                           gint64       source_id,
                           gboolean     ok,
                           const char  *result,
                           GError     **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  if (!write_one (self,
                  "UPDATE sources SET last_result = ?2, last_sync_at = ?3, last_ok = ?4 WHERE id = ?1",
                  source_id, result, ok, error))
    return FALSE;

  _reg_store_emit_changed (self, REG_CHANGE_SOURCES, NULL);
  return TRUE;
}

/**
 * reg_store_get_sync_log:
 * @limit: at most this many, newest first; 0 for all
 *
 * Returns: (transfer full) (element-type RegSyncSkip): the records syncs
 *   of this shop could not use, with the reasons
 */
GPtrArray *
reg_store_get_sync_log (RegStore  *self,
                        gint64     source_id,
                        guint      limit,
                        GError   **error)
{
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_sync_skip_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc = SQLITE_OK;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT remote_id, reason, logged_at FROM sync_log WHERE source_id = ?1 "
                                  "ORDER BY logged_at DESC, id DESC LIMIT ?2",
                                  error)))
    {
      sqlite3_bind_int64 (stmt, 1, source_id);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : G_MAXINT64);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegSyncSkip *skip = reg_sync_skip_new ((const char *)sqlite3_column_text (stmt, 0),
                                                 (const char *)sqlite3_column_text (stmt, 1));
          skip->logged_at = sqlite3_column_int64 (stmt, 2);
          g_ptr_array_add (log, skip);
        }
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&log);
}

/* One page's write. */
typedef struct
{
  RegStore          *store;
  sqlite3           *db;
  gint64             source_id;
  RegOrigin          platform;
  gint64             now;
  RegSyncPageResult *result;
} Page;

static gboolean
step_done (Page         *page,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _reg_store_set_error (page->store, error, page->db, rc);

  return TRUE;
}

static gboolean
linked_contact (Page        *page,
                const char  *remote_id,
                gint64      *contact_id,
                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *contact_id = 0;
  if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                          "SELECT l.contact_id FROM contact_links l JOIN contacts c ON c.id = l.contact_id "
                                          "WHERE l.source_id = ?1 AND l.remote_id = ?2 AND c.deleted_at IS NULL",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->source_id);
  sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *contact_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reg_store_set_error (page->store, error, page->db, rc);

  return TRUE;
}

static gboolean
link_contact (Page        *page,
              const char  *remote_id,
              gint64       contact_id,
              GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                          "INSERT INTO contact_links (source_id, remote_id, contact_id) VALUES (?1, ?2, ?3) "
                                          "ON CONFLICT (source_id, remote_id) DO UPDATE SET contact_id = excluded.contact_id",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->source_id);
  sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, contact_id);

  return step_done (page, stmt, error);
}

static gboolean
shop_data_at (Page     *page,
              gint64    contact_id,
              gint64   *at,
              GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *at = 0;
  if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                          "SELECT shop_data_at FROM contacts WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *at = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reg_store_set_error (page->store, error, page->db, rc);

  return TRUE;
}

static gboolean
set_shop_data_at (Page     *page,
                  gint64    contact_id,
                  gint64    at,
                  GError  **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                          "UPDATE contacts SET shop_data_at = max (shop_data_at, ?2) WHERE id = ?1",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  sqlite3_bind_int64 (stmt, 2, at);

  return step_done (page, stmt, error);
}

/* Folds what the shop says into @existing: what is empty is filled; a
 * value the owner typed stays; of two shop values the newer wins. */
static gboolean
merge_shop_data (RegContact *existing,
                 RegContact *incoming,
                 gboolean    newer)
{
  RegContactField manual = reg_contact_get_manual_fields (existing);
  gboolean changed = FALSE;
  const char *email = reg_contact_get_email (incoming);

  for (guint i = 0; i < G_N_ELEMENTS (shop_fields); i++)
    {
      const char *old = reg_contact_get_text (existing, shop_fields[i]);
      const char *new = reg_contact_get_text (incoming, shop_fields[i]);

      if (new[0] == '\0' || g_strcmp0 (old, new) == 0)
        continue;
      if (old[0] != '\0' && ((manual & shop_fields[i]) || !newer))
        continue;

      reg_contact_set_text (existing, shop_fields[i], new);
      changed = TRUE;
    }

  if (reg_contact_get_email (existing)[0] == '\0' && email[0] != '\0')
    {
      reg_contact_set_email (existing, email);
      changed = TRUE;
    }

  /* Consent: the shop's "no" counts (unless the owner recorded a newer
   * answer); its "yes" only fills in where nothing is known. */
  switch (reg_contact_get_consent (incoming))
    {
    case REG_CONSENT_NO:
      if (reg_contact_get_consent (existing) != REG_CONSENT_NO &&
          (reg_contact_get_consent_at (incoming) == 0 ||
           reg_contact_get_consent_at (incoming) >= reg_contact_get_consent_at (existing)))
        {
          reg_contact_set_consent (existing, REG_CONSENT_NO);
          reg_contact_set_consent_at (existing, reg_contact_get_consent_at (incoming));
          changed = TRUE;
        }
      break;

    case REG_CONSENT_YES:
      if (reg_contact_get_consent (existing) == REG_CONSENT_UNKNOWN)
        {
          reg_contact_set_consent (existing, REG_CONSENT_YES);
          reg_contact_set_consent_at (existing, reg_contact_get_consent_at (incoming));
          changed = TRUE;
        }
      break;

    case REG_CONSENT_UNKNOWN:
    default:
      break;
    }

  /* A customer since their first account or order anywhere. */
  if (reg_contact_get_created_at (incoming) > 0 &&
      reg_contact_get_created_at (incoming) < reg_contact_get_created_at (existing))
    {
      reg_contact_set_created_at (existing, reg_contact_get_created_at (incoming));
      changed = TRUE;
    }

  return changed;
}

/* Finds, links or adds the customer for shop data @incoming (from an
 * account with @remote_id, or a guest's order when it is NULL). Sets
 * @contact_id to 0 with no error when there is nothing to go by. */
static gboolean
resolve_customer (Page        *page,
                  RegContact  *incoming,
                  const char  *remote_id,
                  gint64       data_at,
                  gint64      *contact_id,
                  GError     **error)
{
  g_autoptr(RegContact) existing = NULL;
  g_autofree char *email_norm = reg_text_normalize_email (reg_contact_get_email (incoming));
  gint64 linked = 0;
  gint64 known_at = 0;

  *contact_id = 0;

  if (remote_id != NULL && !linked_contact (page, remote_id, &linked, error))
    return FALSE;

  if (linked != 0)
    existing = _reg_store_find_contact_by_id (page->store, page->db, linked, error);
  else if (email_norm != NULL)
    existing = _reg_store_find_contact_by_email (page->store, page->db, email_norm, error);
  if (existing == NULL && error != NULL && *error != NULL)
    return FALSE;

  if (existing == NULL)
    {
      if (email_norm == NULL && remote_id == NULL)
        return TRUE;  /* a guest without an address: nobody to link to */
      if (reg_contact_is_blank (incoming) && remote_id == NULL)
        return TRUE;

      reg_contact_set_origin (incoming, page->platform);
      reg_contact_set_manual_fields (incoming, 0);
      if (!_reg_store_write_contact (page->store, page->db, incoming, page->now, FALSE, error))
        return FALSE;
      *contact_id = reg_contact_get_id (incoming);
      page->result->contacts_added++;
    }
  else
    {
      *contact_id = reg_contact_get_id (existing);
      if (!shop_data_at (page, *contact_id, &known_at, error))
        return FALSE;
      if (merge_shop_data (existing, incoming, data_at >= known_at))
        {
          if (!_reg_store_write_contact (page->store, page->db, existing, page->now, FALSE, error))
            return FALSE;
          page->result->contacts_updated++;
        }
    }

  if (!set_shop_data_at (page, *contact_id, data_at, error))
    return FALSE;

  if (remote_id != NULL && linked == 0 && !link_contact (page, remote_id, *contact_id, error))
    return FALSE;

  return TRUE;
}

static gboolean
touch (Page     *page,
       gint64    contact_id,
       GError  **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                          "INSERT OR IGNORE INTO temp.touched_contacts VALUES (?1)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);

  return step_done (page, stmt, error);
}

static gboolean
log_skip (Page         *page,
          const char   *remote_id,
          const char   *reason,
          GError      **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                          "INSERT INTO sync_log (source_id, logged_at, remote_id, reason) "
                                          "VALUES (?1, ?2, ?3, ?4)",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->source_id);
  sqlite3_bind_int64 (stmt, 2, page->now);
  sqlite3_bind_text (stmt, 3, remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
  page->result->skipped++;

  return step_done (page, stmt, error);
}

static gboolean
write_sync_order (Page          *page,
                  RegSyncOrder  *item,
                  GError       **error)
{
  RegOrder *order = item->order;
  const char *customer = item->customer_remote_id;
  g_autoptr(GError) local_error = NULL;
  gint64 contact_id = 0;
  gint64 old_contact_id = 0;

  if (item->items_only)
    {
      gboolean found;

      /* Items of an order that was skipped have nowhere to go. */
      return _reg_store_append_order_items (page->store, page->db, page->source_id, order, &found, error);
    }

  if (customer != NULL && (customer[0] == '\0' || g_str_equal (customer, "0")))
    customer = NULL;

  /* A shop customer's order: the linked customer, or the one its billing
   * details lead to (then linked). A guest's: by billing address. Either
   * way the order's billing details count as of the order's date. */
  if (item->billing != NULL)
    {
      if (!resolve_customer (page, item->billing, customer, reg_order_get_ordered_at (order), &contact_id, error))
        return FALSE;
    }
  else if (customer != NULL && !linked_contact (page, customer, &contact_id, error))
    return FALSE;

  if (contact_id == 0)
    return log_skip (page, reg_order_get_remote_id (order),
                     _("The order has no customer account and no billing e-mail address, "
                       "so Regulars cannot tell whose it is."),
                     error);

  reg_order_set_contact_id (order, contact_id);
  reg_order_set_source_id (order, page->source_id);
  reg_order_set_origin (order, page->platform);
  reg_order_set_id (order, 0);

  if (!_reg_store_write_order (page->store, page->db, order, page->now, REG_WRITE_ORDER_CUSTOMER_CHECKED,
                               &old_contact_id, &local_error))
    {
      /* A record the store refuses is skipped and logged, not the sync's end. */
      if (g_error_matches (local_error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED))
        return log_skip (page, reg_order_get_remote_id (order), local_error->message, error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (old_contact_id != 0)
    page->result->orders_updated++;
  else
    page->result->orders_added++;

  return touch (page, contact_id, error) &&
         (old_contact_id == 0 || old_contact_id == contact_id || touch (page, old_contact_id, error));
}

static gboolean
write_state (Page                *page,
             const char * const  *state,
             GError             **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; state != NULL && state[i] != NULL && state[i + 1] != NULL; i += 2)
    {
      if (!(stmt = _reg_store_prepare_cached (page->store, page->db,
                                              "INSERT INTO sync_state (source_id, key, value) VALUES (?1, ?2, ?3) "
                                              "ON CONFLICT (source_id, key) DO UPDATE SET value = excluded.value",
                                              error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, page->source_id);
      sqlite3_bind_text (stmt, 2, state[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, state[i + 1], -1, SQLITE_STATIC);
      if (!step_done (page, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * reg_store_sync_write_page:
 * @customers: (element-type RegSyncCustomer) (nullable): customer accounts
 * @orders: (element-type RegSyncOrder) (nullable): orders
 * @skips: (element-type RegSyncSkip) (nullable): records the caller could not read
 * @state: (array zero-terminated=1) (nullable): checkpoint keys and values,
 *   alternating, to keep with the page
 * @result: (inout caller-allocates): what the page did is added to it
 *   (when it lands)
 *
 * Writes one page of a shop's records in one transaction, with the
 * checkpoint that says the page is done: either all of it lands or none.
 * Customers are found by their link to the shop, then by e-mail address,
 * or added. Orders are added or updated by the shop's id. Records that
 * cannot be used are logged for the owner and skipped.
 */
gboolean
reg_store_sync_write_page (RegStore            *self,
                           gint64               source_id,
                           GPtrArray           *customers,
                           GPtrArray           *orders,
                           GPtrArray           *skips,
                           const char * const  *state,
                           RegSyncPageResult   *result,
                           GError             **error)
{
  g_autoptr(RegSource) source = NULL;
  RegSyncPageResult counts = { 0, };
  Page page = { 0, };
  gboolean ok;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!(source = reg_store_get_source (self, source_id, error)))
    return FALSE;

  page.store = self;
  page.source_id = source_id;
  page.platform = source->platform;
  page.now = now_seconds ();
  page.result = &counts;
  page.db = _reg_store_lock_writer (self);

  ok = _reg_store_begin (self, page.db, error) &&
       _reg_store_exec (self, page.db,
                        "CREATE TEMP TABLE IF NOT EXISTS touched_contacts (id INTEGER PRIMARY KEY);"
                        "DELETE FROM temp.touched_contacts;",
                        error);

  for (guint i = 0; ok && customers != NULL && i < customers->len; i++)
    {
      RegSyncCustomer *customer = g_ptr_array_index (customers, i);
      gint64 contact_id;

      ok = resolve_customer (&page, customer->contact, customer->remote_id, customer->data_at, &contact_id, error);
      if (ok && contact_id == 0)
        ok = log_skip (&page, customer->remote_id, _("The customer has no name and no e-mail address."), error);
    }

  for (guint i = 0; ok && orders != NULL && i < orders->len; i++)
    ok = write_sync_order (&page, g_ptr_array_index (orders, i), error);

  for (guint i = 0; ok && skips != NULL && i < skips->len; i++)
    {
      RegSyncSkip *skip = g_ptr_array_index (skips, i);

      ok = log_skip (&page, skip->remote_id, skip->reason, error);
    }

  ok = ok &&
       write_state (&page, state, error) &&
       _reg_store_refresh_touched_figures (self, page.db, G_MAXINT64, error) &&
       _reg_store_commit (self, page.db, error);

  if (!ok)
    _reg_store_rollback (self, page.db);
  _reg_store_unlock_writer (self);

  if (!ok)
    return FALSE;

  result->contacts_added += counts.contacts_added;
  result->contacts_updated += counts.contacts_updated;
  result->orders_added += counts.orders_added;
  result->orders_updated += counts.orders_updated;
  result->skipped += counts.skipped;

  if (counts.contacts_added || counts.contacts_updated || counts.orders_added || counts.orders_updated)
    _reg_store_emit_changed (self, REG_CHANGE_CONTACTS | REG_CHANGE_ORDERS, NULL);

  return TRUE;
}

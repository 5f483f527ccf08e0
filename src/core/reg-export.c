/* reg-export.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-export"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-contact.h"
#include "reg-csv.h"
#include "reg-export.h"
#include "reg-money.h"
#include "reg-store-private.h"

/* Ids are read in batches: memory stays small for any number of rows. */
#define BATCH 500

/* Our column names are the ones reg-import reads back ("Regulars export"). */
static const char * const contact_header[] = {
  "Email", "First Name", "Last Name", "Company", "Phone", "Street", "Postcode", "City",
  "Country", "Birthday", "Customer Type", "Tags", "Note", "Marketing Consent",
  "Consent Date", "Customer Since",
};

static const char * const order_header[] = {
  "Order Number", "Date", "Email", "First Name", "Last Name", "Company", "Status", "Currency",
  "Total", "Discount", "Shipping", "Refunded", "Refund Date", "Item Name", "Item SKU",
  "Item Quantity", "Item Price",
};

static char *
iso_or_empty (gint64 unix_time)
{
  return unix_time > 0 ? reg_time_to_iso (unix_time) : g_strdup ("");
}

static GOutputStream *
open_output (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  /* Written to a temporary file and moved in place when complete: a
   * failed export never leaves half a file where a good one was. */
  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error));
}

/**
 * reg_export_contacts:
 * @ids: (element-type gint64) (nullable): the customers, in order; %NULL for everyone
 * @bom: start with a byte order mark, for Excel
 * @n_written: (out) (optional): how many customers were written
 *
 * Writes customers as a CSV file that spreadsheets open cleanly and that
 * Regulars imports back to the same customers.
 */
gboolean
reg_export_contacts (RegStore      *store,
                     GArray        *ids,
                     GFile         *file,
                     gboolean       bom,
                     GCancellable  *cancellable,
                     guint         *n_written,
                     GError       **error)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(RegCsvWriter) writer = NULL;
  guint written = 0;

  g_return_val_if_fail (REG_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (ids == NULL)
    {
      if (!(all = reg_store_query_contact_ids (store, NULL, REG_CONTACT_SORT_NAME, FALSE, 0, cancellable, error)))
        return FALSE;
      ids = all;
    }

  if (!(stream = open_output (file, cancellable, error)))
    return FALSE;
  writer = reg_csv_writer_new (stream, bom);

  if (!reg_csv_writer_write_row (writer, contact_header, G_N_ELEMENTS (contact_header), error))
    return FALSE;

  for (guint start = 0; start < ids->len; start += BATCH)
    {
      g_autoptr(GPtrArray) contacts = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!(contacts = reg_store_get_contacts (store, &g_array_index (ids, gint64, start),
                                               MIN (BATCH, ids->len - start), error)) ||
          !reg_store_load_tags (store, contacts, error))
        return FALSE;

      for (guint i = 0; i < contacts->len; i++)
        {
          RegContact *contact = g_ptr_array_index (contacts, i);
          g_autofree char *tags = reg_contact_dup_tags_text (contact);
          g_autofree char *consent_at = iso_or_empty (reg_contact_get_consent_at (contact));
          g_autofree char *created_at = iso_or_empty (reg_contact_get_created_at (contact));
          const char *consent = reg_contact_get_consent (contact) == REG_CONSENT_YES ? "yes" :
                                reg_contact_get_consent (contact) == REG_CONSENT_NO ? "no" : "";
          const char *row[] = {
            reg_contact_get_email (contact), reg_contact_get_given_name (contact),
            reg_contact_get_family_name (contact), reg_contact_get_company (contact),
            reg_contact_get_phone (contact), reg_contact_get_street (contact),
            reg_contact_get_postcode (contact), reg_contact_get_city (contact),
            reg_contact_get_country (contact), reg_contact_get_birthday (contact),
            reg_contact_get_customer_type (contact) == REG_CUSTOMER_TYPE_WHOLESALE ? "wholesale" : "retail",
            tags, reg_contact_get_note (contact), consent, consent_at, created_at,
          };

          G_STATIC_ASSERT (G_N_ELEMENTS (row) == G_N_ELEMENTS (contact_header));

          if (!reg_csv_writer_write_row (writer, row, G_N_ELEMENTS (row), error))
            return FALSE;
          written++;
        }
    }

  if (!reg_csv_writer_close (writer, cancellable, error))
    return FALSE;

  if (n_written)
    *n_written = written;

  return TRUE;
}

/**
 * reg_export_orders:
 * @contact_ids: (element-type gint64) (nullable): whose orders; %NULL for all
 * @n_written: (out) (optional): how many orders were written
 *
 * Writes orders, one line per item (the order's own columns repeated), as
 * Regulars imports them back.
 */
gboolean
reg_export_orders (RegStore      *store,
                   GArray        *contact_ids,
                   GFile         *file,
                   gboolean       bom,
                   GCancellable  *cancellable,
                   guint         *n_written,
                   GError       **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(RegCsvWriter) writer = NULL;
  g_autoptr(GArray) order_ids = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint written = 0;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (contact_ids != NULL)
    {
      wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < contact_ids->len; i++)
        g_hash_table_add (wanted, &g_array_index (contact_ids, gint64, i));
    }

  /* The ids first, by date: a short read, then the rows in batches. */
  if (!(db = _reg_store_acquire_reader (store, error)))
    return FALSE;
  order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if ((stmt = _reg_store_prepare (store, db,
                                  "SELECT o.id, o.contact_id FROM orders o JOIN contacts c ON c.id = o.contact_id "
                                  "WHERE c.deleted_at IS NULL ORDER BY o.ordered_at, o.id",
                                  error)))
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          gint64 contact_id = sqlite3_column_int64 (stmt, 1);

          if (wanted == NULL || g_hash_table_contains (wanted, &contact_id))
            g_array_append_val (order_ids, id);
        }
      if (rc != SQLITE_DONE)
        _reg_store_set_error (store, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (store, db);
  if (error && *error)
    return FALSE;

  if (!(stream = open_output (file, cancellable, error)))
    return FALSE;
  writer = reg_csv_writer_new (stream, bom);

  if (!reg_csv_writer_write_row (writer, order_header, G_N_ELEMENTS (order_header), error))
    return FALSE;

  for (guint start = 0; start < order_ids->len; start += BATCH)
    {
      g_autoptr(GPtrArray) orders = NULL;
      g_autoptr(GArray) owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) owners = NULL;
      g_autoptr(GHashTable) owner_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!(orders = reg_store_get_orders (store, &g_array_index (order_ids, gint64, start),
                                           MIN (BATCH, order_ids->len - start), error)))
        return FALSE;

      for (guint i = 0; i < orders->len; i++)
        {
          gint64 id = reg_order_get_contact_id (g_ptr_array_index (orders, i));
          g_array_append_val (owner_ids, id);
        }
      if (!(owners = reg_store_get_contacts (store, (gint64 *)(gpointer)owner_ids->data, owner_ids->len, error)))
        return FALSE;
      for (guint i = 0; i < owners->len; i++)
        {
          RegContact *owner = g_ptr_array_index (owners, i);
          gint64 *key = g_new (gint64, 1);

          *key = reg_contact_get_id (owner);
          g_hash_table_insert (owner_by_id, key, owner);
        }

      for (guint i = 0; i < orders->len; i++)
        {
          RegOrder *order = g_ptr_array_index (orders, i);
          RegContact *owner = g_hash_table_lookup (owner_by_id, &(gint64) { reg_order_get_contact_id (order) });
          const char *currency = reg_order_get_currency (order);
          g_autofree char *fallback_number = g_strdup_printf ("R-%" G_GINT64_FORMAT, reg_order_get_id (order));
          g_autofree char *date = iso_or_empty (reg_order_get_ordered_at (order));
          g_autofree char *total = reg_money_to_plain (reg_order_get_total (order), currency);
          g_autofree char *discount = reg_money_to_plain (reg_order_get_discount (order), currency);
          g_autofree char *shipping = reg_money_to_plain (reg_order_get_shipping (order), currency);
          g_autofree char *refunded = reg_money_to_plain (reg_order_get_refunded (order), currency);
          g_autofree char *refund_date = iso_or_empty (reg_order_get_refunded_at (order));
          const char *number = reg_order_get_number (order)[0] ? reg_order_get_number (order) : fallback_number;
          guint n_items = MAX (1, reg_order_get_n_items (order));

          for (guint k = 0; k < n_items; k++)
            {
              const RegOrderItem *item = k < reg_order_get_n_items (order) ? reg_order_get_item (order, k) : NULL;
              g_autofree char *quantity = item ? g_strdup_printf ("%" G_GINT64_FORMAT, item->quantity) : g_strdup ("");
              g_autofree char *price = item ? reg_money_to_plain (item->price, currency) : g_strdup ("");
              const char *row[] = {
                number, date,
                owner ? reg_contact_get_email (owner) : "",
                owner ? reg_contact_get_given_name (owner) : "",
                owner ? reg_contact_get_family_name (owner) : "",
                owner ? reg_contact_get_company (owner) : "",
                reg_order_status_to_string (reg_order_get_status (order)),
                currency, total, discount, shipping, refunded,
                reg_order_get_refunded (order) > 0 ? refund_date : "",
                item ? item->name : "", item ? item->sku : "", quantity, price,
              };

              G_STATIC_ASSERT (G_N_ELEMENTS (row) == G_N_ELEMENTS (order_header));

              if (!reg_csv_writer_write_row (writer, row, G_N_ELEMENTS (row), error))
                return FALSE;
            }
          written++;
        }

    }

  if (!reg_csv_writer_close (writer, cancellable, error))
    return FALSE;

  if (n_written)
    *n_written = written;

  return TRUE;
}

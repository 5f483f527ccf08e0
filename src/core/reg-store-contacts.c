/* reg-store-contacts.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-contact.h"
#include "reg-sample.h"
#include "reg-store-private.h"
#include "reg-text.h"

/* Sorts after every real name, so blanks come last. */
#define SORT_LAST "\xf4\x8f\xbf\xbf"

#define CONTACT_COLUMNS \
  "id, given_name, family_name, email, phone, company, street, postcode, city, " \
  "country, birthday, customer_type, note, consent, consent_at, created_at, " \
  "origin, manual_fields, n_orders, total_spent, spent_currency, first_order_at, last_order_at"

/* Parameters of the statements below, by number: binding by name costs
 * a search through the names for each value, and imports bind millions. */
enum {
  P_GIVEN_NAME = 1,
  P_FAMILY_NAME,
  P_EMAIL,
  P_EMAIL_NORM,
  P_PHONE,
  P_PHONE_DIGITS,
  P_COMPANY,
  P_STREET,
  P_POSTCODE,
  P_CITY,
  P_COUNTRY,
  P_BIRTHDAY,
  P_CUSTOMER_TYPE,
  P_NOTE,
  P_CONSENT,
  P_CONSENT_AT,
  P_CREATED_AT,
  P_UPDATED_AT,
  P_SORT_NAME,
  P_SORT_EMAIL,
  P_SORT_CITY,
  P_ORIGIN,
  P_MANUAL_FIELDS,
  P_ID,
};

/* The values of a new contact, numbered as above. */
#define CONTACT_VALUES \
  "?1, ?2, ?3, ?4, ?5, ?6, ?7, " \
  "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, " \
  "?16, ?17, ?18, ?19, ?20, ?21, " \
  "?22, ?23"

static const char insert_sql[] =
  "INSERT INTO contacts (given_name, family_name, email, email_norm, phone, phone_digits, "
  "company, street, postcode, city, country, birthday, customer_type, note, consent, "
  "consent_at, created_at, updated_at, sort_name, sort_email, sort_city, origin, manual_fields) "
  "VALUES (" CONTACT_VALUES ")";

/* An import or a shop writing: nothing it changes counts as typed by hand. */
static const char import_update_sql[] =
  "UPDATE contacts SET given_name = ?1, family_name = ?2, email = ?3, "
  "email_norm = ?4, phone = ?5, phone_digits = ?6, company = ?7, "
  "street = ?8, postcode = ?9, city = ?10, country = ?11, "
  "birthday = ?12, customer_type = ?13, note = ?14, consent = ?15, "
  "consent_at = ?16, updated_at = ?18, sort_name = ?19, "
  "sort_email = ?20, sort_city = ?21, created_at = ?17 "
  "WHERE id = ?24 AND deleted_at IS NULL";

static const char update_sql[] =
  "UPDATE contacts SET given_name = ?1, family_name = ?2, email = ?3, "
  "email_norm = ?4, phone = ?5, phone_digits = ?6, company = ?7, "
  "street = ?8, postcode = ?9, city = ?10, country = ?11, "
  "birthday = ?12, customer_type = ?13, note = ?14, consent = ?15, "
  "consent_at = ?16, updated_at = ?18, sort_name = ?19, "
  "sort_email = ?20, sort_city = ?21, "
  /* A save is the owner typing: whatever changes is theirs from now on. */
  "manual_fields = manual_fields"
  " | ((given_name IS NOT ?1) << 0) | ((family_name IS NOT ?2) << 1)"
  " | ((email IS NOT ?3) << 2) | ((phone IS NOT ?5) << 3) | ((company IS NOT ?7) << 4)"
  " | ((street IS NOT ?8) << 5) | ((postcode IS NOT ?9) << 6) | ((city IS NOT ?10) << 7)"
  " | ((country IS NOT ?11) << 8) | ((note IS NOT ?14) << 9) | ((birthday IS NOT ?12) << 10)"
  " | ((customer_type IS NOT ?13) << 11) | ((consent IS NOT ?15) << 12) "
  "WHERE id = ?24 AND deleted_at IS NULL";

static const char * const sort_columns[] = {
  [REG_CONTACT_SORT_NAME] = "sort_name",
  [REG_CONTACT_SORT_EMAIL] = "sort_email",
  [REG_CONTACT_SORT_CITY] = "sort_city",
  [REG_CONTACT_SORT_CREATED] = "created_at",
  [REG_CONTACT_SORT_ORDERS] = "n_orders",
  [REG_CONTACT_SORT_SPENT] = "total_spent",
  [REG_CONTACT_SORT_LAST_ORDER] = "last_order_at",
};

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           idx,
           const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int64 (sqlite3_stmt *stmt,
            int           idx,
            gint64        value,
            gboolean      zero_is_null)
{
  if (zero_is_null && value == 0)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_int64 (stmt, idx, value);
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p && *p; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;

  return FALSE;
}

/* People search a number as it reached them: whole ("+49 30 1234567" as
 * 49301234567) or only its local end (1234567). Index the digits and their
 * tails, so either is a word to find. */
static char *
phone_search_words (const char *phone)
{
  g_autofree char *digits = reg_text_digits (phone);
  GString *words = g_string_new (digits);
  gsize len = strlen (digits);

  for (gsize i = 1; i + 6 <= len; i++)
    {
      g_string_append_c (words, ' ');
      g_string_append (words, digits + i);
    }

  return g_string_free (words, FALSE);
}

static char *
sort_key (const char *text)
{
  g_autofree char *stripped = reg_text_strip (text);

  if (stripped == NULL)
    return g_strdup (SORT_LAST);

  return reg_text_fold (stripped);
}

static void
bind_contact (sqlite3_stmt *stmt,
              RegContact   *contact,
              gint64        now)
{
  g_autofree char *email_norm = reg_text_normalize_email (reg_contact_get_email (contact));
  g_autofree char *email = reg_text_strip (reg_contact_get_email (contact));
  g_autofree char *phone_digits = phone_search_words (reg_contact_get_phone (contact));
  g_autofree char *sort_name = NULL;
  g_autofree char *sort_city = sort_key (reg_contact_get_city (contact));
  gboolean unnamed;

  unnamed = !has_text (reg_contact_get_given_name (contact)) &&
            !has_text (reg_contact_get_family_name (contact)) &&
            !has_text (reg_contact_get_company (contact)) &&
            email == NULL;
  if (unnamed)
    sort_name = g_strdup (SORT_LAST);
  else
    {
      g_autofree char *display = reg_contact_dup_display_name (contact);
      sort_name = reg_text_fold (display);
    }

  bind_text (stmt, P_GIVEN_NAME, reg_contact_get_given_name (contact));
  bind_text (stmt, P_FAMILY_NAME, reg_contact_get_family_name (contact));
  bind_text (stmt, P_EMAIL, email ? email : "");
  bind_text (stmt, P_EMAIL_NORM, email_norm);
  bind_text (stmt, P_PHONE, reg_contact_get_phone (contact));
  bind_text (stmt, P_PHONE_DIGITS, phone_digits);
  bind_text (stmt, P_COMPANY, reg_contact_get_company (contact));
  bind_text (stmt, P_STREET, reg_contact_get_street (contact));
  bind_text (stmt, P_POSTCODE, reg_contact_get_postcode (contact));
  bind_text (stmt, P_CITY, reg_contact_get_city (contact));
  bind_text (stmt, P_COUNTRY, reg_contact_get_country (contact));
  bind_text (stmt, P_BIRTHDAY, reg_contact_get_birthday (contact));
  bind_int64 (stmt, P_CUSTOMER_TYPE, reg_contact_get_customer_type (contact), FALSE);
  bind_text (stmt, P_NOTE, reg_contact_get_note (contact));
  bind_int64 (stmt, P_CONSENT, reg_contact_get_consent (contact), FALSE);
  bind_int64 (stmt, P_CONSENT_AT, reg_contact_get_consent_at (contact), TRUE);
  bind_int64 (stmt, P_UPDATED_AT, now, FALSE);
  bind_text (stmt, P_SORT_NAME, sort_name);
  bind_text (stmt, P_SORT_EMAIL, email_norm ? email_norm : SORT_LAST);
  bind_text (stmt, P_SORT_CITY, sort_city);

  /* Not every statement uses these; binding an unused number is harmless. */
  bind_int64 (stmt, P_ORIGIN, reg_contact_get_origin (contact), FALSE);
  bind_int64 (stmt, P_MANUAL_FIELDS, reg_contact_get_manual_fields (contact), FALSE);
  bind_int64 (stmt, P_CREATED_AT,
              reg_contact_get_created_at (contact) > 0 ? reg_contact_get_created_at (contact) : now,
              FALSE);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *)sqlite3_column_text (stmt, col);

  return text ? text : "";
}

/* Reads a row selected with CONTACT_COLUMNS. Tags are left unset. */
static RegContact *
contact_from_row (sqlite3_stmt *stmt)
{
  RegContact *contact = reg_contact_new ();

  reg_contact_set_id (contact, sqlite3_column_int64 (stmt, 0));
  reg_contact_set_given_name (contact, column_text (stmt, 1));
  reg_contact_set_family_name (contact, column_text (stmt, 2));
  reg_contact_set_email (contact, column_text (stmt, 3));
  reg_contact_set_phone (contact, column_text (stmt, 4));
  reg_contact_set_company (contact, column_text (stmt, 5));
  reg_contact_set_street (contact, column_text (stmt, 6));
  reg_contact_set_postcode (contact, column_text (stmt, 7));
  reg_contact_set_city (contact, column_text (stmt, 8));
  reg_contact_set_country (contact, column_text (stmt, 9));
  reg_contact_set_birthday (contact, (const char *)sqlite3_column_text (stmt, 10));
  reg_contact_set_customer_type (contact, CLAMP (sqlite3_column_int (stmt, 11),
                                                 REG_CUSTOMER_TYPE_RETAIL,
                                                 REG_CUSTOMER_TYPE_WHOLESALE));
  reg_contact_set_note (contact, column_text (stmt, 12));
  reg_contact_set_consent (contact, CLAMP (sqlite3_column_int (stmt, 13),
                                           REG_CONSENT_UNKNOWN, REG_CONSENT_NO));
  reg_contact_set_consent_at (contact, sqlite3_column_int64 (stmt, 14));
  reg_contact_set_created_at (contact, sqlite3_column_int64 (stmt, 15));
  reg_contact_set_origin (contact, sqlite3_column_int (stmt, 16));
  reg_contact_set_manual_fields (contact, sqlite3_column_int (stmt, 17));
  reg_contact_set_figures (contact,
                           sqlite3_column_int (stmt, 18),
                           sqlite3_column_int64 (stmt, 19),
                           (const char *)sqlite3_column_text (stmt, 20),
                           sqlite3_column_int64 (stmt, 21),
                           sqlite3_column_int64 (stmt, 22));

  return contact;
}

/* The name of the other customer who already has @email_norm, or %NULL. */
static char *
dup_email_owner (RegStore  *self,
                 sqlite3   *db,
                 const char *email_norm,
                 gint64     except_id,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT " CONTACT_COLUMNS " FROM contacts "
                                   "WHERE email_norm = ?1 AND deleted_at IS NULL AND id != ?2",
                                   error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, email_norm, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, except_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(RegContact) other = contact_from_row (stmt);
      return reg_contact_dup_display_name (other);
    }
  if (rc != SQLITE_DONE)
    _reg_store_set_error (self, error, db, rc);

  return NULL;
}

static gboolean
check_email_free (RegStore    *self,
                  sqlite3     *db,
                  const char  *email,
                  gint64       id,
                  GError     **error)
{
  g_autofree char *email_norm = reg_text_normalize_email (email);
  g_autofree char *owner = NULL;
  g_autoptr(GError) local_error = NULL;

  if (email_norm == NULL)
    return TRUE;

  owner = dup_email_owner (self, db, email_norm, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (owner != NULL)
    {
      g_autofree char *shown = reg_text_strip (email);

      g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE,
                   _("The e-mail address “%s” is already used by %s."), shown, owner);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_tags (RegStore    *self,
            sqlite3     *db,
            gint64       contact_id,
            RegContact  *contact,
            gboolean     replace,
            GError     **error)
{
  const char * const *tags = reg_contact_get_tags (contact);
  sqlite3_stmt *add_tag;
  sqlite3_stmt *link;
  int rc;

  if (replace)
    {
      sqlite3_stmt *clear;

      if (!(clear = _reg_store_prepare_cached (self, db,
                                               "DELETE FROM contact_tags WHERE contact_id = ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (clear, 1, contact_id);
      rc = sqlite3_step (clear);
      sqlite3_reset (clear);
      if (rc != SQLITE_DONE)
        return _reg_store_set_error (self, error, db, rc);
    }

  if (tags == NULL)
    return TRUE;

  if (!(add_tag = _reg_store_prepare_cached (self, db,
                                             "INSERT INTO tags (name, name_norm) VALUES (?1, ?2) "
                                             "ON CONFLICT (name_norm) DO UPDATE SET name = name "
                                             "RETURNING id",
                                             error)) ||
      !(link = _reg_store_prepare_cached (self, db,
                                          "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, position) "
                                          "VALUES (?1, ?2, ?3)",
                                          error)))
    return FALSE;

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *norm = reg_text_fold (tags[i]);
      gint64 tag_id;

      sqlite3_reset (add_tag);
      sqlite3_bind_text (add_tag, 1, tags[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (add_tag, 2, norm, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (add_tag)) != SQLITE_ROW)
        {
          sqlite3_reset (add_tag);
          return _reg_store_set_error (self, error, db, rc);
        }
      tag_id = sqlite3_column_int64 (add_tag, 0);
      sqlite3_reset (add_tag);

      sqlite3_reset (link);
      sqlite3_bind_int64 (link, 1, contact_id);
      sqlite3_bind_int64 (link, 2, tag_id);
      sqlite3_bind_int (link, 3, i + (replace ? 0 : 1000));
      rc = sqlite3_step (link);
      sqlite3_reset (link);
      if (rc != SQLITE_DONE)
        return _reg_store_set_error (self, error, db, rc);
    }

  return TRUE;
}

static gboolean
load_tags (RegStore    *self,
           sqlite3     *db,
           RegContact  *contact,
           GError     **error)
{
  static const char sql[] =
    "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
    "WHERE ct.contact_id = ?1 ORDER BY ct.position, t.name_norm";
  g_autoptr(sqlite3_stmt) own = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* The writer keeps its statements: imports read many customers. */
  if (db == self->writer)
    stmt = _reg_store_prepare_cached (self, db, sql, error);
  else
    stmt = own = _reg_store_prepare (self, db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, reg_contact_get_id (contact));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  tags = g_strv_builder_end (builder);
  reg_contact_set_tags (contact, (const char * const *)tags);

  return TRUE;
}

static GArray *
single_id (gint64 id)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);

  g_array_append_val (ids, id);
  return ids;
}

/**
 * reg_store_count_contacts:
 *
 * Returns: the number of customers, or -1 with @error set
 */
gint64
reg_store_count_contacts (RegStore  *self,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 count = -1;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), -1);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return -1;

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
                                  error)))
    {
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        _reg_store_set_error (self, error, db, rc);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  return count;
}

/**
 * reg_store_get_contact:
 *
 * Returns: (transfer full): the customer with its tags, or %NULL with
 *   %REG_STORE_ERROR_NOT_FOUND when there is none (or it was deleted)
 */
RegContact *
reg_store_get_contact (RegStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(RegContact) contact = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT " CONTACT_COLUMNS " FROM contacts "
                                  "WHERE id = ?1 AND deleted_at IS NULL",
                                  error)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        contact = contact_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                             _("This customer no longer exists."));
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (contact != NULL && !load_tags (self, db, contact, error))
    g_clear_object (&contact);

  _reg_store_release_reader (self, db);

  return g_steal_pointer (&contact);
}

/**
 * reg_store_get_contacts:
 * @ids: (array length=n_ids): ids to fetch
 *
 * Fetches rows for a list: every id gets a contact in the same position,
 * a blank one (with just the id) for an id that has gone meanwhile. Tags
 * are not loaded.
 *
 * Returns: (transfer full) (element-type RegContact): the contacts, or
 *   %NULL with @error set
 */
GPtrArray *
reg_store_get_contacts (RegStore      *self,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  result = g_ptr_array_new_full (n_ids, g_object_unref);
  if (n_ids == 0)
    return g_steal_pointer (&result);

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  sql = g_string_new ("SELECT " CONTACT_COLUMNS " FROM contacts WHERE id IN (?");
  for (guint i = 1; i < n_ids; i++)
    g_string_append (sql, ",?");
  g_string_append_c (sql, ')');

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db, sql->str, error)))
    {
      for (guint i = 0; i < n_ids; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[i]);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegContact *contact = contact_from_row (stmt);
          gint64 id = reg_contact_get_id (contact);

          g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), contact);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      _reg_store_set_error (self, error, db, rc);
      _reg_store_release_reader (self, db);
      return NULL;
    }
  _reg_store_release_reader (self, db);

  for (guint i = 0; i < n_ids; i++)
    {
      RegContact *contact = g_hash_table_lookup (by_id, &ids[i]);

      if (contact != NULL)
        g_ptr_array_add (result, g_object_ref (contact));
      else
        {
          RegContact *blank = reg_contact_new ();

          reg_contact_set_id (blank, ids[i]);
          g_ptr_array_add (result, blank);
        }
    }

  return g_steal_pointer (&result);
}

static const char * const sort_indexes[] = {
  [REG_CONTACT_SORT_NAME] = "contacts_by_name",
  [REG_CONTACT_SORT_EMAIL] = "contacts_by_email",
  [REG_CONTACT_SORT_CITY] = "contacts_by_city",
  [REG_CONTACT_SORT_CREATED] = "contacts_by_created",
  [REG_CONTACT_SORT_ORDERS] = "contacts_by_orders",
  [REG_CONTACT_SORT_SPENT] = "contacts_by_spent",
  [REG_CONTACT_SORT_LAST_ORDER] = "contacts_by_last_order",
};

/* Beyond this id, a bitmap of matches would be too large to be worth it. */
#define MAX_BITMAP_ID (G_GINT64_CONSTANT (1) << 26)

static gboolean
step_ids (RegStore      *self,
          sqlite3       *db,
          sqlite3_stmt  *stmt,
          GArray        *ids,
          const guint8  *bitmap,
          gint64         bitmap_max,
          guint          limit,
          GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (bitmap != NULL && (id > bitmap_max || !(bitmap[id >> 3] & (1 << (id & 7)))))
        continue;

      g_array_append_val (ids, id);
      if (limit > 0 && ids->len >= limit)
        return TRUE;
    }

  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

static gboolean
query_ids (RegStore        *self,
           sqlite3         *db,
           const char      *fts_query,
           RegContactSort   sort,
           gboolean         descending,
           guint            limit,
           GArray          *ids,
           GError         **error)
{
  const char *dir = descending ? "DESC" : "ASC";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *limit_sql = limit > 0 ? g_strdup_printf (" LIMIT %u", limit) : g_strdup ("");
  g_autofree guint8 *bitmap = NULL;
  g_autoptr(GArray) matches = NULL;
  gint64 max_match = 0;
  gint64 total = 0;
  int rc;

  /* Everyone: walk the covering sort index. */
  if (fts_query == NULL)
    {
      sql = g_strdup_printf ("SELECT id FROM contacts INDEXED BY %s WHERE deleted_at IS NULL "
                             "ORDER BY %s %s, id %s%s",
                             sort_indexes[sort], sort_columns[sort], dir, dir, limit_sql);
      if (!(stmt = _reg_store_prepare (self, db, sql, error)))
        return FALSE;
      return step_ids (self, db, stmt, ids, NULL, 0, 0, error);
    }

  /* A search: which rows match is cheap to learn from the index... */
  matches = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?1",
                                   error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (matches, id);
      max_match = MAX (max_match, id);
    }
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (matches->len == 0)
    return TRUE;

  if (!(stmt = _reg_store_prepare (self, db, "SELECT max(id) FROM contacts", error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);
  total = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* ...putting them in order is what costs. Either look up each match's
   * sort key (a random read each), or walk the sort index in order and keep
   * the ids that match (a cheap sequential read each, of rows that may not
   * match). Walking wins when matches are dense enough to fill the wanted
   * rows soon: about ten index steps cost one lookup. */
  if (max_match < MAX_BITMAP_ID &&
      (limit > 0 ? (guint64)limit * total / matches->len : (guint64)total) < (guint64)matches->len * 10)
    {
      bitmap = g_malloc0 ((max_match >> 3) + 1);
      for (guint i = 0; i < matches->len; i++)
        {
          gint64 id = g_array_index (matches, gint64, i);
          bitmap[id >> 3] |= 1 << (id & 7);
        }

      sql = g_strdup_printf ("SELECT id FROM contacts INDEXED BY %s WHERE deleted_at IS NULL "
                             "ORDER BY %s %s, id %s",
                             sort_indexes[sort], sort_columns[sort], dir, dir);
      if (!(stmt = _reg_store_prepare (self, db, sql, error)))
        return FALSE;
      return step_ids (self, db, stmt, ids, bitmap, max_match, limit, error);
    }

  sql = g_strdup_printf ("SELECT c.id FROM contacts_fts f JOIN contacts c ON c.id = f.rowid "
                         "WHERE contacts_fts MATCH ?1 AND c.deleted_at IS NULL "
                         "ORDER BY c.%s %s, c.id %s%s",
                         sort_columns[sort], dir, dir, limit_sql);
  if (!(stmt = _reg_store_prepare (self, db, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_TRANSIENT);

  return step_ids (self, db, stmt, ids, NULL, 0, 0, error);
}

/**
 * reg_store_query_contact_ids:
 * @search: (nullable): what the user typed; every word must start a word
 *   in the name, e-mail, company, phone or city, ignoring case and accents
 * @limit: at most this many ids (the first ones in order), 0 for all
 *
 * The ordered ids of the matching customers: the whole answer to a list
 * query, at 8 bytes a customer, without reading their rows.
 *
 * Returns: (transfer full) (element-type gint64): the ids, or %NULL with
 *   @error set (%G_IO_ERROR_CANCELLED when cancelled)
 */
GArray *
reg_store_query_contact_ids (RegStore        *self,
                             const char      *search,
                             RegContactSort   sort,
                             gboolean         descending,
                             guint            limit,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *fts_query = NULL;
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (sort <= REG_CONTACT_SORT_LAST_ORDER, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  fts_query = reg_text_fts_query (search);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), limit > 0 ? limit : 256);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  _reg_store_set_cancellable (db, cancellable);
  ok = query_ids (self, db, fts_query, sort, descending, limit, ids, error);
  _reg_store_set_cancellable (db, NULL);
  _reg_store_release_reader (self, db);

  if (!ok)
    return NULL;

  return g_steal_pointer (&ids);
}

/**
 * reg_store_list_tags:
 *
 * Returns: (transfer full): every tag in use, alphabetically
 */
char **
reg_store_list_tags (RegStore  *self,
                     GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3 *db;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT name FROM tags t WHERE EXISTS "
                                  "(SELECT 1 FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id "
                                  " WHERE ct.tag_id = t.id AND c.deleted_at IS NULL) "
                                  "ORDER BY name_norm",
                                  error)))
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (builder, column_text (stmt, 0));
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (stmt == NULL && rc != SQLITE_DONE)
    return NULL;

  return g_strv_builder_end (builder);
}

/**
 * reg_store_save_contact:
 *
 * Adds @contact when its id is 0 (and sets its id and created-at), else
 * replaces the stored customer, tags included: pass a contact from
 * reg_store_get_contact(), not a list row. An e-mail address already used
 * by another customer (ignoring case and spaces) is refused with
 * %REG_STORE_ERROR_EMAIL_IN_USE and nothing is written.
 */
gboolean
reg_store_save_contact (RegStore    *self,
                        RegContact  *contact,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;
  gint64 now = now_seconds ();
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (REG_IS_CONTACT (contact), FALSE);

  id = reg_contact_get_id (contact);
  db = _reg_store_lock_writer (self);

  if (!_reg_store_begin (self, db, error))
    goto failed;

  if (!check_email_free (self, db, reg_contact_get_email (contact), id, error))
    goto failed;

  if (!(stmt = _reg_store_prepare (self, db, id == 0 ? insert_sql : update_sql, error)))
    goto failed;

  if (id == 0 && reg_contact_get_origin (contact) == REG_ORIGIN_MANUAL)
    reg_contact_set_manual_fields (contact,
                                   reg_contact_get_manual_fields (contact) |
                                   reg_contact_get_filled_fields (contact));

  bind_contact (stmt, contact, now);
  if (id != 0)
    bind_int64 (stmt, P_ID, id, FALSE);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _reg_store_set_error (self, error, db, rc);
      goto failed;
    }

  if (id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           _("This customer no longer exists."));
      goto failed;
    }

  if (!write_tags (self, db, id, contact, TRUE, error) ||
      !_reg_store_commit (self, db, error))
    goto failed;

  _reg_store_unlock_writer (self);

  if (reg_contact_get_id (contact) == 0)
    {
      reg_contact_set_id (contact, id);
      if (reg_contact_get_created_at (contact) <= 0)
        reg_contact_set_created_at (contact, now);
    }

  _reg_store_emit_changed (self, REG_CHANGE_CONTACTS, single_id (id));

  return TRUE;

failed:
  _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);
  return FALSE;
}

static gboolean
insert_contacts (RegStore   *self,
                 GPtrArray  *contacts,
                 gboolean    skip_taken_emails,
                 guint      *n_added,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) emails = NULL;
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), contacts->len);
  gint64 now = now_seconds ();
  guint added = 0;
  sqlite3 *db;
  int rc;

  db = _reg_store_lock_writer (self);

  if (!_reg_store_begin (self, db, error))
    goto failed;

  if (!(stmt = _reg_store_prepare (self, db, insert_sql, error)))
    goto failed;

  for (guint i = 0; i < contacts->len; i++)
    {
      RegContact *contact = g_ptr_array_index (contacts, i);
      gint64 id;

      g_return_val_if_fail (reg_contact_get_id (contact) == 0, FALSE);

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      bind_contact (stmt, contact, now);

      g_array_set_size (ids, i + 1);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_CONSTRAINT_UNIQUE && skip_taken_emails)
        continue;
      if (rc == SQLITE_CONSTRAINT_UNIQUE)
        {
          check_email_free (self, db, reg_contact_get_email (contact), 0, error);
          goto failed;
        }
      if (rc != SQLITE_DONE)
        {
          _reg_store_set_error (self, error, db, rc);
          goto failed;
        }

      id = sqlite3_last_insert_rowid (db);
      if (!write_tags (self, db, id, contact, FALSE, error))
        goto failed;
      g_array_index (ids, gint64, i) = id;
      added++;
    }

  if (!_reg_store_commit (self, db, error))
    goto failed;

  _reg_store_unlock_writer (self);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) != 0)
      {
        RegContact *contact = g_ptr_array_index (contacts, i);

        reg_contact_set_id (contact, g_array_index (ids, gint64, i));
        if (reg_contact_get_created_at (contact) <= 0)
          reg_contact_set_created_at (contact, now);
      }

  if (n_added)
    *n_added = added;
  if (added > 0)
    _reg_store_emit_changed (self, REG_CHANGE_CONTACTS, NULL);

  return TRUE;

failed:
  _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);
  return FALSE;
}

/**
 * reg_store_insert_contacts:
 * @contacts: (element-type RegContact): new contacts (id 0)
 *
 * Adds all of @contacts in one transaction: all of them, or, on any error
 * (such as an e-mail address that is taken), none. Their ids are set.
 */
gboolean
reg_store_insert_contacts (RegStore   *self,
                           GPtrArray  *contacts,
                           GError    **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (contacts != NULL, FALSE);

  return insert_contacts (self, contacts, FALSE, NULL, error);
}

/**
 * reg_store_load_sample_shop:
 *
 * Adds a few hundred made-up customers to look around with. Running it
 * twice adds nothing the second time.
 */
gboolean
reg_store_load_sample_shop (RegStore  *self,
                            GError   **error)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  contacts = reg_sample_generate_contacts (REG_SAMPLE_SHOP_SIZE, 20261122, now);

  /* Its customers are already here: a second load would only add those
   * without an e-mail address again. */
  for (guint i = 0; i < contacts->len; i++)
    {
      RegContact *contact = g_ptr_array_index (contacts, i);
      g_autofree char *email_norm = reg_text_normalize_email (reg_contact_get_email (contact));
      g_autofree char *owner = NULL;
      g_autoptr(GError) local_error = NULL;
      sqlite3 *db;

      if (email_norm == NULL)
        continue;

      if (!(db = _reg_store_acquire_reader (self, error)))
        return FALSE;
      owner = dup_email_owner (self, db, email_norm, 0, &local_error);
      _reg_store_release_reader (self, db);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (owner != NULL)
        return TRUE;
      break;
    }

  if (!insert_contacts (self, contacts, TRUE, NULL, error))
    return FALSE;

  orders = reg_sample_generate_orders (contacts, 20261123, now);

  return _reg_store_write_orders (self, orders, error);
}

static gboolean
set_deleted (RegStore    *self,
             gint64       id,
             gboolean     deleted,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  db = _reg_store_lock_writer (self);

  if (!_reg_store_begin (self, db, error))
    goto failed;

  if (!deleted)
    {
      g_autoptr(sqlite3_stmt) row = NULL;

      if (!(row = _reg_store_prepare (self, db,
                                      "SELECT " CONTACT_COLUMNS " FROM contacts "
                                      "WHERE id = ?1 AND deleted_at IS NOT NULL",
                                      error)))
        goto failed;
      sqlite3_bind_int64 (row, 1, id);
      rc = sqlite3_step (row);
      if (rc == SQLITE_ROW)
        {
          g_autoptr(RegContact) contact = contact_from_row (row);
          g_autoptr(GError) local_error = NULL;

          if (!check_email_free (self, db, reg_contact_get_email (contact), id, &local_error))
            {
              g_autofree char *name = reg_contact_dup_display_name (contact);

              if (g_error_matches (local_error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE))
                g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EMAIL_IN_USE,
                             _("%s cannot come back: %s"), name, local_error->message);
              else
                g_propagate_error (error, g_steal_pointer (&local_error));
              goto failed;
            }
        }
      else if (rc != SQLITE_DONE)
        {
          _reg_store_set_error (self, error, db, rc);
          goto failed;
        }
    }

  if (!(stmt = _reg_store_prepare (self, db,
                                   deleted
                                   ? "UPDATE contacts SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
                                   : "UPDATE contacts SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
                                   error)))
    goto failed;

  sqlite3_bind_int64 (stmt, 1, id);
  if (deleted)
    sqlite3_bind_int64 (stmt, 2, now_seconds ());

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _reg_store_set_error (self, error, db, rc);
      goto failed;
    }

  if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           deleted ? _("This customer no longer exists.")
                                   : _("This customer can no longer be brought back."));
      goto failed;
    }

  if (!_reg_store_commit (self, db, error))
    goto failed;

  _reg_store_unlock_writer (self);
  _reg_store_emit_changed (self, REG_CHANGE_CONTACTS, single_id (id));

  return TRUE;

failed:
  _reg_store_rollback (self, db);
  _reg_store_unlock_writer (self);
  return FALSE;
}

/**
 * reg_store_trash_contact:
 *
 * Deletes a customer so that it can still be brought back with
 * reg_store_untrash_contact() until it is purged.
 */
gboolean
reg_store_trash_contact (RegStore  *self,
                         gint64     id,
                         GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  return set_deleted (self, id, TRUE, error);
}

gboolean
reg_store_untrash_contact (RegStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  return set_deleted (self, id, FALSE, error);
}

static gboolean
purge (RegStore    *self,
       const char  *sql,
       gint64       value,
       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, sql, error)))
    {
      sqlite3_bind_int64 (stmt, 1, value);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          _reg_store_set_error (self, error, db, rc);
          g_clear_pointer (&stmt, sqlite3_finalize);
        }
    }
  _reg_store_unlock_writer (self);

  return stmt != NULL;
}

/**
 * reg_store_purge_contact:
 *
 * Removes a deleted customer for good. Does nothing to one that is not in
 * the trash.
 */
gboolean
reg_store_purge_contact (RegStore  *self,
                         gint64     id,
                         GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  return purge (self, "DELETE FROM contacts WHERE id = ?1 AND deleted_at IS NOT NULL", id, error);
}

/**
 * reg_store_purge_trash:
 *
 * Removes for good every customer deleted at least @older_than_seconds ago.
 */
gboolean
reg_store_purge_trash (RegStore  *self,
                       gint64     older_than_seconds,
                       GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  return purge (self, "DELETE FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at <= ?1",
                now_seconds () - older_than_seconds, error);
}

/* Async variants: the work runs on the store's writer thread. */

static gboolean
finish_write (RegStore      *self,
              GAsyncResult  *result,
              gpointer       source_tag,
              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}


typedef struct
{
  RegContact *original;
  RegContact *copy;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_object (&save->original);
  g_clear_object (&save->copy);
  g_free (save);
}

static gboolean
save_contact_job (RegStore      *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SaveData *save = data;

  return reg_store_save_contact (self, save->copy, error);
}

/**
 * reg_store_save_contact_async:
 *
 * Queues reg_store_save_contact() of a snapshot of @contact. When the
 * result is ready, a new @contact has its id and created-at set.
 */
void
reg_store_save_contact_async (RegStore            *self,
                              RegContact          *contact,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SaveData *save;

  g_return_if_fail (REG_IS_STORE (self));
  g_return_if_fail (REG_IS_CONTACT (contact));

  save = g_new0 (SaveData, 1);
  save->original = g_object_ref (contact);
  save->copy = reg_contact_copy (contact);

  _reg_store_queue_write (self, reg_store_save_contact_async,
                          save_contact_job, save, save_data_free,
                          cancellable, callback, user_data);
}

gboolean
reg_store_save_contact_finish (RegStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  SaveData *save;

  if (!finish_write (self, result, reg_store_save_contact_async, error))
    return FALSE;

  save = _reg_store_get_write_data (G_TASK (result));
  if (reg_contact_get_id (save->original) == 0)
    {
      reg_contact_set_id (save->original, reg_contact_get_id (save->copy));
      reg_contact_set_created_at (save->original, reg_contact_get_created_at (save->copy));
    }

  return TRUE;
}

/* Writes that take just a customer id. */
typedef gboolean (*IdWriteFunc) (RegStore  *self,
                                 gint64     id,
                                 GError   **error);

typedef struct
{
  IdWriteFunc func;
  gint64      id;
} IdWrite;

static gboolean
id_write_job (RegStore      *self,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  IdWrite *write = data;

  return write->func (self, write->id, error);
}

static void
queue_id_write (RegStore            *self,
                gpointer             source_tag,
                IdWriteFunc          func,
                gint64               id,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  IdWrite *write = g_new (IdWrite, 1);

  write->func = func;
  write->id = id;
  _reg_store_queue_write (self, source_tag, id_write_job, write, g_free,
                          cancellable, callback, user_data);
}

static gboolean
load_sample_shop_job (RegStore      *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return reg_store_load_sample_shop (self, error);
}

void
reg_store_trash_contact_async (RegStore            *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (REG_IS_STORE (self));

  queue_id_write (self, reg_store_trash_contact_async, reg_store_trash_contact,
                  id, cancellable, callback, user_data);
}

gboolean
reg_store_trash_contact_finish (RegStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_write (self, result, reg_store_trash_contact_async, error);
}

void
reg_store_untrash_contact_async (RegStore            *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (REG_IS_STORE (self));

  queue_id_write (self, reg_store_untrash_contact_async, reg_store_untrash_contact,
                  id, cancellable, callback, user_data);
}

gboolean
reg_store_untrash_contact_finish (RegStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_write (self, result, reg_store_untrash_contact_async, error);
}

void
reg_store_purge_contact_async (RegStore            *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (REG_IS_STORE (self));

  queue_id_write (self, reg_store_purge_contact_async, reg_store_purge_contact,
                  id, cancellable, callback, user_data);
}

gboolean
reg_store_purge_contact_finish (RegStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_write (self, result, reg_store_purge_contact_async, error);
}

void
reg_store_load_sample_shop_async (RegStore            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (REG_IS_STORE (self));

  _reg_store_queue_write (self, reg_store_load_sample_shop_async,
                          load_sample_shop_job, NULL, NULL,
                          cancellable, callback, user_data);
}

gboolean
reg_store_load_sample_shop_finish (RegStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_write (self, result, reg_store_load_sample_shop_async, error);
}

/* For bulk writers (imports, shops), inside their transaction. */

/**
 * _reg_store_find_contact_by_email:
 * @email_norm: a normalised address
 *
 * Returns: (transfer full) (nullable): the customer with its tags, %NULL
 *   if there is none (@error unset) or on an error (@error set)
 */
static RegContact *
find_contact (RegStore    *self,
              sqlite3     *db,
              const char  *sql,
              const char  *email_norm,
              gint64       id,
              GError     **error)
{
  g_autoptr(RegContact) contact = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _reg_store_prepare_cached (self, db, sql, error)))
    return NULL;

  if (email_norm != NULL)
    sqlite3_bind_text (stmt, 1, email_norm, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    contact = contact_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _reg_store_set_error (self, error, db, rc);
      return NULL;
    }

  if (contact != NULL && !load_tags (self, db, contact, error))
    return NULL;

  return g_steal_pointer (&contact);
}

RegContact *
_reg_store_find_contact_by_email (RegStore    *self,
                                  sqlite3     *db,
                                  const char  *email_norm,
                                  GError     **error)
{
  return find_contact (self, db,
                       "SELECT " CONTACT_COLUMNS " FROM contacts WHERE email_norm = ?1 AND deleted_at IS NULL",
                       email_norm, 0, error);
}

/* A customer not in the trash, read by the writer inside its transaction. */
RegContact *
_reg_store_find_contact_by_id (RegStore  *self,
                               sqlite3   *db,
                               gint64     id,
                               GError   **error)
{
  return find_contact (self, db,
                       "SELECT " CONTACT_COLUMNS " FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
                       NULL, id, error);
}

#define INDEX_COLUMNS "given_name, family_name, email, company, phone, phone_digits, city"
#define INDEX_VALUES(t) \
  "regulars_fold (" t "given_name), regulars_fold (" t "family_name), regulars_fold (" t "email), " \
  "regulars_fold (" t "company), " t "phone, " t "phone_digits, regulars_fold (" t "city)"

/**
 * _reg_store_pause_search_index:
 *
 * For a bulk write inside a transaction: drops the triggers that keep the
 * search index in step, so that each row written does not make the index
 * write a segment of its own (FTS5 writes out its pending terms at every
 * statement savepoint). Contacts written with _reg_store_write_contact()
 * meanwhile are remembered and indexed in one go by
 * _reg_store_resume_search_index(), which must be called before the
 * commit. A rollback brings the triggers back by itself.
 */
gboolean
_reg_store_pause_search_index (RegStore  *self,
                               sqlite3   *db,
                               GError   **error)
{
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert (db == self->writer);
  g_assert (!sqlite3_get_autocommit (db));
  g_return_val_if_fail (self->paused_index_triggers == NULL, FALSE);

  if (!(stmt = _reg_store_prepare (self, db,
                                   "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
                                   "AND tbl_name = 'contacts' AND name GLOB 'contacts_fts_*' ORDER BY name",
                                   error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (triggers, g_strdup_printf ("DROP TRIGGER \"%s\"", sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (triggers, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < triggers->len; i += 2)
    if (!_reg_store_exec (self, db, g_ptr_array_index (triggers, i), error))
      return FALSE;

  if (!_reg_store_exec (self, db,
                        "CREATE TEMP TABLE IF NOT EXISTS index_later (id INTEGER PRIMARY KEY);"
                        "DELETE FROM temp.index_later;",
                        error))
    return FALSE;

  /* New rows get ids after the last one: they need no list of their own. */
  if (!(stmt = _reg_store_prepare (self, db, "SELECT coalesce (max (id), 0) FROM contacts", error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reg_store_set_error (self, error, db, rc);
  self->paused_index_last_id = sqlite3_column_int64 (stmt, 0);

  self->paused_index_triggers = g_steal_pointer (&triggers);

  return TRUE;
}

gboolean
_reg_store_resume_search_index (RegStore  *self,
                                sqlite3   *db,
                                GError   **error)
{
  g_autoptr(GPtrArray) triggers = g_steal_pointer (&self->paused_index_triggers);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (triggers != NULL, FALSE);

  sql = g_strdup_printf ("INSERT INTO contacts_fts (rowid, " INDEX_COLUMNS ") "
                         "SELECT c.id, " INDEX_VALUES ("c.") " FROM contacts c "
                         "WHERE c.id > %" G_GINT64_FORMAT " AND c.deleted_at IS NULL "
                         "UNION ALL "
                         "SELECT c.id, " INDEX_VALUES ("c.") " FROM temp.index_later l "
                         "JOIN contacts c ON c.id = l.id WHERE c.deleted_at IS NULL;"
                         "DELETE FROM temp.index_later;",
                         self->paused_index_last_id);
  if (!_reg_store_exec (self, db, sql, error))
    return FALSE;

  for (guint i = 1; i < triggers->len; i += 2)
    if (!_reg_store_exec (self, db, g_ptr_array_index (triggers, i), error))
      return FALSE;

  return TRUE;
}

/* While the index is paused: takes contact @id out of the index as it is
 * now, before it changes, and remembers to index it again. */
static gboolean
index_later (RegStore  *self,
             sqlite3   *db,
             gint64     id,
             GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Written during this pause: indexed at the end anyway, never before. */
  if (id > self->paused_index_last_id)
    return TRUE;

  if (!(stmt = _reg_store_prepare_cached (self, db, "INSERT OR IGNORE INTO temp.index_later VALUES (?1)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  if (sqlite3_changes (db) == 0)
    return TRUE;

  if (!(stmt = _reg_store_prepare_cached (self, db,
                                          "INSERT INTO contacts_fts (contacts_fts, rowid, " INDEX_COLUMNS ") "
                                          "SELECT 'delete', id, " INDEX_VALUES ("") " FROM contacts "
                                          "WHERE id = ?1 AND deleted_at IS NULL",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

/**
 * _reg_store_write_contact:
 * @replace_tags: whether the contact's tags replace those stored, or are added
 *
 * Inserts a new @contact (id 0; its id is set) or updates one, without
 * marking anything as typed by hand.
 */
gboolean
_reg_store_write_contact (RegStore    *self,
                          sqlite3     *db,
                          RegContact  *contact,
                          gint64       now,
                          gboolean     replace_tags,
                          GError     **error)
{
  gint64 id = reg_contact_get_id (contact);
  sqlite3_stmt *stmt;
  int rc;

  if (self->paused_index_triggers && id != 0 && !index_later (self, db, id, error))
    return FALSE;

  if (!(stmt = _reg_store_prepare_cached (self, db, id == 0 ? insert_sql : import_update_sql, error)))
    return FALSE;

  bind_contact (stmt, contact, now);
  if (id != 0)
    bind_int64 (stmt, P_ID, id, FALSE);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return check_email_free (self, db, reg_contact_get_email (contact), id, error);
      return _reg_store_set_error (self, error, db, rc);
    }

  if (id == 0)
    {
      id = sqlite3_last_insert_rowid (db);
      reg_contact_set_id (contact, id);
      if (reg_contact_get_created_at (contact) <= 0)
        reg_contact_set_created_at (contact, now);
    }

  return write_tags (self, db, id, contact, replace_tags, error);
}

/**
 * reg_store_load_tags:
 * @contacts: (element-type RegContact): customers read without their tags
 *
 * Reads the tags of many customers at once (for exports).
 */
gboolean
reg_store_load_tags (RegStore   *self,
                     GPtrArray  *contacts,
                     GError    **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GString) sql = g_string_new ("SELECT ct.contact_id, t.name FROM contact_tags ct "
                                         "JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id IN (");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok = TRUE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  if (contacts->len == 0)
    return TRUE;

  for (guint i = 0; i < contacts->len; i++)
    {
      RegContact *contact = g_ptr_array_index (contacts, i);
      gint64 *id = g_new (gint64, 1);

      *id = reg_contact_get_id (contact);
      g_hash_table_insert (by_id, id, contact);
      g_hash_table_insert (tags, id, g_ptr_array_new_with_free_func (g_free));
      g_string_append_printf (sql, i == 0 ? "%" G_GINT64_FORMAT : ",%" G_GINT64_FORMAT, *id);
    }
  g_string_append (sql, ") ORDER BY ct.contact_id, ct.position, t.name_norm");

  if (!(db = _reg_store_acquire_reader (self, error)))
    return FALSE;

  if ((stmt = _reg_store_prepare (self, db, sql->str, error)))
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          GPtrArray *list = g_hash_table_lookup (tags, &id);

          if (list)
            g_ptr_array_add (list, g_strdup (column_text (stmt, 1)));
        }
      if (rc != SQLITE_DONE)
        ok = _reg_store_set_error (self, error, db, rc);
    }
  else
    ok = FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (!ok)
    return FALSE;

  g_hash_table_iter_init (&iter, tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *list = value;

      g_ptr_array_add (list, NULL);
      reg_contact_set_tags (g_hash_table_lookup (by_id, key), (const char * const *)list->pdata);
    }

  return TRUE;
}

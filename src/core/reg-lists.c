/* reg-lists.c: newsletter lists and the consent record of their members
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-lists"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-contact.h"
#include "reg-csv.h"
#include "reg-lists.h"
#include "reg-money.h"
#include "reg-store-private.h"
#include "reg-text.h"

/* Rows of an export are read in batches: memory stays flat at any size. */
#define BATCH 500
/* Beyond this many, a change notification says "many" rather than who. */
#define MAX_CHANGED_IDS 1000

/* What one customer's membership becomes. */
typedef enum
{
  DECISION_KEEP,       /* it has that status already, or a better one */
  DECISION_WRITE,      /* joins, or changes to the wanted status */
  DECISION_NO_EMAIL,   /* cannot join: nowhere to send to */
  DECISION_OPTED_OUT,  /* unsubscribed or cleaned: only a manual resubscribe changes that */
} Decision;

/* The writer's side of one change of memberships. */
typedef struct
{
  RegStore *store;
  sqlite3  *db;
  gint64    list_id;
  GArray   *changed;  /* contact ids, for the change notification */
} Writer;

/* Mailchimp's files, and the columns that say when a status began,
 * most telling first. */
typedef struct
{
  Writer            writer;
  gboolean          list_checked;
  RegMemberStatus   status;
  GArray           *email_columns;  /* guint */
  GArray           *time_columns;   /* guint */
  RegListAddResult  counts;
} ListImport;

static const char * const status_ids[] = {
  [REG_MEMBER_SUBSCRIBED] = "subscribed",
  [REG_MEMBER_PENDING] = "pending",
  [REG_MEMBER_UNSUBSCRIBED] = "unsubscribed",
  [REG_MEMBER_CLEANED] = "cleaned",
};

static const char * const change_ids[] = {
  [REG_MEMBER_CHANGE_MANUAL] = "manual",
  [REG_MEMBER_CHANGE_IMPORT] = "import",
  [REG_MEMBER_CHANGE_FORM] = "form",
  [REG_MEMBER_CHANGE_CHECKOUT] = "checkout",
  [REG_MEMBER_CHANGE_SEGMENT] = "segment",
};

static const char * const sort_columns[] = {
  [REG_CONTACT_SORT_NAME] = "sort_name",
  [REG_CONTACT_SORT_EMAIL] = "sort_email",
  [REG_CONTACT_SORT_CITY] = "sort_city",
  [REG_CONTACT_SORT_CREATED] = "created_at",
  [REG_CONTACT_SORT_ORDERS] = "n_orders",
  [REG_CONTACT_SORT_SPENT] = "total_spent",
  [REG_CONTACT_SORT_LAST_ORDER] = "last_order_at",
};

/* Counts leave out customers in the trash: they are gone for the owner. */
#define LIST_COLUMNS \
  "l.id, l.name, l.created_at, " \
  "coalesce (sum (m.status = 0), 0), coalesce (sum (m.status = 1), 0), " \
  "coalesce (sum (m.status = 2), 0), coalesce (sum (m.status = 3), 0) " \
  "FROM lists l LEFT JOIN (SELECT lm.list_id, lm.status FROM list_members lm " \
  "JOIN contacts c ON c.id = lm.contact_id WHERE c.deleted_at IS NULL) m ON m.list_id = l.id "

G_STATIC_ASSERT (REG_MEMBER_SUBSCRIBED == 0 && REG_MEMBER_PENDING == 1 &&
                 REG_MEMBER_UNSUBSCRIBED == 2 && REG_MEMBER_CLEANED == 3);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
is_opt_out (RegMemberStatus status)
{
  return status == REG_MEMBER_UNSUBSCRIBED || status == REG_MEMBER_CLEANED;
}

/* The rules that protect the owner, in one place. An opt-out always
 * counts: it is what the person said, or what their mail server did. A
 * subscription never undoes one, unless the owner resubscribes the
 * person by hand, with a reason.
 * @current: the member's status, or -1 for not a member */
static Decision
decide (gboolean         has_email,
        int              current,
        RegMemberStatus  wanted,
        gboolean         resubscribe)
{
  if (!has_email && (current < 0 || !is_opt_out (wanted)))
    return DECISION_NO_EMAIL;

  if (current == (int)wanted)
    return DECISION_KEEP;

  if (current < 0 || is_opt_out (wanted))
    return DECISION_WRITE;

  if (is_opt_out (current))
    return resubscribe ? DECISION_WRITE : DECISION_OPTED_OUT;

  /* Pending → subscribed is the confirmation; a confirmed subscriber
   * does not go back to waiting for one. */
  return current == REG_MEMBER_PENDING ? DECISION_WRITE : DECISION_KEEP;
}

static void
note_changed (Writer *writer,
              gint64  contact_id)
{
  if (writer->changed->len <= MAX_CHANGED_IDS)
    g_array_append_val (writer->changed, contact_id);
}

static gboolean
check_list (Writer  *writer,
            GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _reg_store_prepare_cached (writer->store, writer->db,
                                          "SELECT 1 FROM lists WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, writer->list_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           _("This list is no longer there."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _reg_store_set_error (writer->store, error, writer->db, rc);

  return TRUE;
}

/* @exists: whether the customer is there (not in the trash);
 * @status: their status on the list, -1 if they are not on it. */
static gboolean
read_member (Writer    *writer,
             gint64     contact_id,
             gboolean  *exists,
             gboolean  *has_email,
             int       *status,
             GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _reg_store_prepare_cached (writer->store, writer->db,
                                          "SELECT c.email_norm IS NOT NULL, m.status FROM contacts c "
                                          "LEFT JOIN list_members m ON m.list_id = ?1 AND m.contact_id = c.id "
                                          "WHERE c.id = ?2 AND c.deleted_at IS NULL",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, writer->list_id);
  sqlite3_bind_int64 (stmt, 2, contact_id);

  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  if (*exists)
    {
      *has_email = sqlite3_column_int (stmt, 0) != 0;
      *status = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reg_store_set_error (writer->store, error, writer->db, rc);

  return TRUE;
}

static gboolean
write_member (Writer           *writer,
              gint64            contact_id,
              RegMemberStatus   status,
              RegMemberChange   changed_by,
              gint64            changed_at,
              const char       *reason,
              GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* The reason belongs to the change it explains: a later change drops it. */
  if (!(stmt = _reg_store_prepare_cached (writer->store, writer->db,
                                          "INSERT INTO list_members (list_id, contact_id, status, changed_at, "
                                          "changed_by, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                          "ON CONFLICT (list_id, contact_id) DO UPDATE SET status = excluded.status, "
                                          "changed_at = excluded.changed_at, changed_by = excluded.changed_by, "
                                          "reason = excluded.reason",
                                          error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, writer->list_id);
  sqlite3_bind_int64 (stmt, 2, contact_id);
  sqlite3_bind_int (stmt, 3, status);
  sqlite3_bind_int64 (stmt, 4, changed_at);
  sqlite3_bind_int (stmt, 5, changed_by);
  if (reason != NULL)
    sqlite3_bind_text (stmt, 6, reason, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 6);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return _reg_store_set_error (writer->store, error, writer->db, rc);

  note_changed (writer, contact_id);

  return TRUE;
}

/* Applies the rules to one customer and counts what happened.
 * @members_only: leave customers who are not on the list alone */
static gboolean
apply (Writer            *writer,
       gint64             contact_id,
       RegMemberStatus    wanted,
       RegMemberChange    changed_by,
       gint64             changed_at,
       const char        *reason,
       gboolean           resubscribe,
       gboolean           members_only,
       RegListAddResult  *counts,
       GError           **error)
{
  gboolean exists = FALSE;
  gboolean has_email = FALSE;
  int current = -1;

  if (!read_member (writer, contact_id, &exists, &has_email, &current, error))
    return FALSE;

  /* Gone meanwhile (deleted, or in the trash): nothing to do. */
  if (!exists || (members_only && current < 0))
    return TRUE;

  switch (decide (has_email, current, wanted, resubscribe))
    {
    case DECISION_KEEP:
      counts->unchanged++;
      break;

    case DECISION_NO_EMAIL:
      counts->no_email++;
      break;

    case DECISION_OPTED_OUT:
      counts->opted_out++;
      break;

    case DECISION_WRITE:
      if (!write_member (writer, contact_id, wanted, changed_by, changed_at, reason, error))
        return FALSE;
      if (current < 0)
        counts->added++;
      else
        counts->updated++;
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static void
writer_start (Writer   *writer,
              RegStore *store,
              gint64    list_id)
{
  writer->store = store;
  writer->list_id = list_id;
  writer->changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  writer->db = _reg_store_lock_writer (store);
}

/* Ends what writer_start() began; @ok: whether all went well so far,
 * then commits, else rolls back. Tells the store's listeners. */
static gboolean
writer_finish (Writer   *writer,
               gboolean  ok,
               GError  **error)
{
  g_autoptr(GArray) changed = g_steal_pointer (&writer->changed);

  if (ok)
    ok = _reg_store_commit (writer->store, writer->db, error);
  if (!ok)
    _reg_store_rollback (writer->store, writer->db);
  _reg_store_unlock_writer (writer->store);

  if (ok && changed->len > 0)
    _reg_store_emit_changed (writer->store, REG_CHANGE_LISTS,
                             changed->len > MAX_CHANGED_IDS ? NULL : g_steal_pointer (&changed));

  return ok;
}

static RegListInfo *
list_from_row (sqlite3_stmt *stmt)
{
  RegListInfo *info = g_new0 (RegListInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  info->created_at = sqlite3_column_int64 (stmt, 2);
  info->n_subscribed = sqlite3_column_int (stmt, 3);
  info->n_pending = sqlite3_column_int (stmt, 4);
  info->n_unsubscribed = sqlite3_column_int (stmt, 5);
  info->n_cleaned = sqlite3_column_int (stmt, 6);

  return info;
}

/* Reads the lists @sql picks, ?1 bound to @name or @id. */
static GPtrArray *
read_lists (RegStore    *self,
            const char  *sql,
            const char  *name,
            gint64       id,
            GError     **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_list_info_free);
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
        g_ptr_array_add (lists, list_from_row (stmt));
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&lists);
}

static RegListInfo *
only_list (GPtrArray   *lists,
           const char  *name,
           GError     **error)
{
  if (lists == NULL)
    return NULL;

  if (lists->len == 0)
    {
      if (name != NULL)
        g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("There is no list called “%s”."), name);
      else
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("This list is no longer there."));
      return NULL;
    }

  return g_ptr_array_steal_index (lists, 0);
}

static void
member_from_row (sqlite3_stmt  *stmt,
                 RegListMember *member)
{
  const char *reason = (const char *)sqlite3_column_text (stmt, 5);

  member->list_id = sqlite3_column_int64 (stmt, 0);
  member->contact_id = sqlite3_column_int64 (stmt, 1);
  member->status = sqlite3_column_int (stmt, 2);
  member->changed_at = sqlite3_column_int64 (stmt, 3);
  member->changed_by = sqlite3_column_int (stmt, 4);
  member->reason = g_strdup (reason);
  member->list_name = NULL;
}

/* Column names as keys: "UNSUB_TIME" → "unsubtime". */
static char *
column_key (const char *name)
{
  GString *key = g_string_new (NULL);

  for (const char *p = name; p && *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, g_ascii_tolower (*p));

  return g_string_free (key, FALSE);
}

static int
find_column (RegImport  *import,
             const char *key)
{
  for (guint i = 0; i < reg_import_get_n_columns (import); i++)
    {
      g_autofree char *column = column_key (reg_import_get_column_name (import, i));

      if (strcmp (column, key) == 0)
        return (int)i;
    }

  return -1;
}

static const char *
field_at (const char * const *fields,
          guint               column)
{
  for (guint i = 0; fields[i] != NULL; i++)
    if (i == column)
      return fields[i];

  return NULL;
}

/* When Mailchimp says the line's status began; @fallback if it does not. */
static gint64
line_time (ListImport         *import,
           const char * const *fields,
           gint64              fallback)
{
  for (guint i = 0; i < import->time_columns->len; i++)
    {
      const char *text = field_at (fields, g_array_index (import->time_columns, guint, i));
      gint64 when = 0;

      if (text != NULL && text[0] != '\0' && reg_time_parse (text, &when, NULL) && when > 0)
        return when;
    }

  return fallback;
}

static gboolean
import_line_cb (gint64              contact_id,
                guint               line,
                const char * const *fields,
                const char         *problem,
                gpointer            user_data,
                GError            **error)
{
  ListImport *import = user_data;
  Writer *writer = &import->writer;
  gboolean has_email = FALSE;

  /* Inside the import's transaction, on its connection: the list cannot
   * go away before the commit. */
  if (!import->list_checked)
    {
      writer->db = writer->store->writer;
      if (!check_list (writer, error))
        return FALSE;
      import->list_checked = TRUE;
    }

  /* Who is on a list, and who must never be written to, is not something
   * to get partly right: one line the file cannot give stops it all. */
  if (problem != NULL)
    {
      g_set_error (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_BAD_LINE,
                   _("Line %u: %s Nothing was imported: correct the line and import the file again."),
                   line, problem);
      return FALSE;
    }

  for (guint i = 0; i < import->email_columns->len; i++)
    {
      g_autofree char *email = reg_text_strip (field_at (fields, g_array_index (import->email_columns, guint, i)));

      if (email != NULL)
        has_email = TRUE;
    }

  /* A line with nothing on it. */
  if (contact_id == 0 && !has_email)
    return TRUE;

  if (!has_email)
    {
      g_set_error (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_BAD_LINE,
                   _("Line %u has no e-mail address. Nothing was imported: correct the line and "
                     "import the file again."),
                   line);
      return FALSE;
    }

  return apply (writer, contact_id, import->status, REG_MEMBER_CHANGE_IMPORT,
                line_time (import, fields, now_seconds ()), NULL, FALSE, FALSE, &import->counts, error);
}

void
reg_list_info_free (RegListInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info);
}

/**
 * reg_list_member_clear:
 *
 * Frees what @member holds; the clear function of the arrays this file
 * returns.
 */
void
reg_list_member_clear (RegListMember *member)
{
  g_clear_pointer (&member->reason, g_free);
  g_clear_pointer (&member->list_name, g_free);
}

/**
 * reg_member_status_id:
 *
 * Returns: the status as a fixed word: "subscribed", "pending",
 *   "unsubscribed" or "cleaned" (what the command line reads and writes)
 */
const char *
reg_member_status_id (RegMemberStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_ids), NULL);

  return status_ids[status];
}

gboolean
reg_member_status_from_id (const char      *id,
                           RegMemberStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    if (g_strcmp0 (id, status_ids[i]) == 0)
      {
        *status = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * reg_member_change_id:
 *
 * Returns: what changed a membership as a fixed word: "manual", "import",
 *   "form", "checkout" or "segment"
 */
const char *
reg_member_change_id (RegMemberChange change)
{
  g_return_val_if_fail (change < G_N_ELEMENTS (change_ids), NULL);

  return change_ids[change];
}

/**
 * reg_list_add_result_dup_summary:
 *
 * Returns: (transfer full): what an add or an import did to a list, in a
 *   line or two, as the app and the command line show it
 */
char *
reg_list_add_result_dup_summary (const RegListAddResult *result)
{
  GString *summary = g_string_new (NULL);

  g_return_val_if_fail (result != NULL, NULL);

  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE, "%u added to the list", "%u added to the list",
                                       result->added),
                          result->added);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u changed", "%u changed", result->updated),
                          result->updated);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u unchanged", "%u unchanged", result->unchanged),
                          result->unchanged);
  g_string_append (summary, ".");

  if (result->no_email)
    {
      g_string_append_c (summary, '\n');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u customer has no e-mail address and cannot join.",
                                           "%u customers have no e-mail address and cannot join.",
                                           result->no_email),
                              result->no_email);
    }

  if (result->opted_out)
    {
      g_string_append_c (summary, '\n');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u customer unsubscribed or bounced before and stays so; only "
                                           "resubscribing them by hand, with a reason, changes that.",
                                           "%u customers unsubscribed or bounced before and stay so; only "
                                           "resubscribing them by hand, with a reason, changes that.",
                                           result->opted_out),
                              result->opted_out);
    }

  return g_string_free (summary, FALSE);
}

/**
 * reg_store_add_list:
 * @name: what the owner calls the list; unique, whatever the case
 *
 * Returns: the new list's id, or 0 with @error set
 *   (%REG_STORE_ERROR_EXISTS when the name is taken)
 */
gint64
reg_store_add_list (RegStore    *self,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = NULL;
  gint64 id = 0;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), 0);

  if ((clean = reg_text_strip (name)) == NULL)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED, _("The list needs a name."));
      return 0;
    }

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, "INSERT INTO lists (name, created_at) VALUES (?1, ?2)", error)))
    {
      sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, now_seconds ());
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        id = sqlite3_last_insert_rowid (db);
      else if (rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS,
                     _("There is already a list called “%s”."), clean);
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (id != 0)
    _reg_store_emit_changed (self, REG_CHANGE_LISTS, NULL);

  return id;
}

/**
 * reg_store_rename_list:
 * @name: the new name; unique, whatever the case
 */
gboolean
reg_store_rename_list (RegStore    *self,
                       gint64       list_id,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = NULL;
  gboolean done = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  if ((clean = reg_text_strip (name)) == NULL)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED, _("The list needs a name."));
      return FALSE;
    }

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, "UPDATE lists SET name = ?2 WHERE id = ?1", error)))
    {
      sqlite3_bind_int64 (stmt, 1, list_id);
      sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE && sqlite3_changes (db) > 0)
        done = TRUE;
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("This list is no longer there."));
      else if (rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS,
                     _("There is already a list called “%s”."), clean);
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (done)
    _reg_store_emit_changed (self, REG_CHANGE_LISTS, NULL);

  return done;
}

/**
 * reg_store_remove_list:
 *
 * Removes a list and every membership of it, consent records included.
 * The customers stay.
 */
gboolean
reg_store_remove_list (RegStore  *self,
                       gint64     list_id,
                       GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, "DELETE FROM lists WHERE id = ?1", error)))
    {
      sqlite3_bind_int64 (stmt, 1, list_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE && sqlite3_changes (db) > 0)
        done = TRUE;
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("This list is no longer there."));
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (done)
    _reg_store_emit_changed (self, REG_CHANGE_LISTS, NULL);

  return done;
}

/**
 * reg_store_get_lists:
 *
 * Returns: (transfer full) (element-type RegListInfo): every list, by
 *   name, with its counts
 */
GPtrArray *
reg_store_get_lists (RegStore  *self,
                     GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  return read_lists (self, "SELECT " LIST_COLUMNS "WHERE ?1 IS NOT NULL GROUP BY l.id ORDER BY lower (l.name), l.id",
                     NULL, 1, error);
}

/**
 * reg_store_get_list:
 *
 * Returns: (transfer full): the list with its counts, or %NULL with
 *   @error set (%REG_STORE_ERROR_NOT_FOUND if it is not there)
 */
RegListInfo *
reg_store_get_list (RegStore  *self,
                    gint64     list_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) lists = NULL;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  lists = read_lists (self, "SELECT " LIST_COLUMNS "WHERE l.id = ?1 GROUP BY l.id", NULL, list_id, error);
  return only_list (lists, NULL, error);
}

/**
 * reg_store_find_list:
 * @name: the list's name, in any case
 *
 * Returns: (transfer full): the list with its counts, or %NULL with
 *   @error set (%REG_STORE_ERROR_NOT_FOUND if there is none of that name)
 */
RegListInfo *
reg_store_find_list (RegStore    *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GPtrArray) lists = NULL;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  lists = read_lists (self, "SELECT " LIST_COLUMNS "WHERE lower (l.name) = lower (trim (?1)) GROUP BY l.id",
                      name, 0, error);
  return only_list (lists, name, error);
}

/**
 * reg_store_list_add_members:
 * @contact_ids: (array length=n_contacts): the customers, from a
 *   selection or a segment
 * @status: %REG_MEMBER_SUBSCRIBED, or %REG_MEMBER_PENDING when a double
 *   opt-in mail was sent; an opt-out status records that instead
 * @changed_by: what is adding them, for the consent record
 * @result: (out caller-allocates) (optional): what happened, customer by customer
 *
 * Adds customers to a list, in one transaction. Customers without an
 * e-mail address cannot join. Nobody who unsubscribed or was cleaned is
 * subscribed again this way, whoever asks (%REG_MEMBER_CHANGE_MANUAL
 * too): that takes reg_store_list_resubscribe(), one customer at a time
 * with a reason. Members who already have the status, and subscribers
 * asked to be pending, are left as they are.
 */
gboolean
reg_store_list_add_members (RegStore          *self,
                            gint64             list_id,
                            const gint64      *contact_ids,
                            guint              n_contacts,
                            RegMemberStatus    status,
                            RegMemberChange    changed_by,
                            RegListAddResult  *result,
                            GError           **error)
{
  RegListAddResult counts = { 0, };
  Writer writer = { 0, };
  gint64 now = now_seconds ();
  gboolean ok;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (contact_ids != NULL || n_contacts == 0, FALSE);
  g_return_val_if_fail (status <= REG_MEMBER_CLEANED, FALSE);
  g_return_val_if_fail (changed_by <= REG_MEMBER_CHANGE_SEGMENT, FALSE);

  writer_start (&writer, self, list_id);
  ok = _reg_store_begin (self, writer.db, error) && check_list (&writer, error);
  for (guint i = 0; ok && i < n_contacts; i++)
    ok = apply (&writer, contact_ids[i], status, changed_by, now, NULL, FALSE, FALSE, &counts, error);
  ok = writer_finish (&writer, ok, error);

  if (ok && result != NULL)
    *result = counts;

  return ok;
}

/**
 * reg_store_list_resubscribe:
 * @reason: why the owner may write to this person again ("Asked by
 *   phone on 3 May to get the newsletter again"); kept with the record
 *
 * The only way back to subscribed for someone who unsubscribed or was
 * cleaned: the owner's explicit, recorded decision. Also adds a customer
 * who is not on the list, and confirms a pending one.
 */
gboolean
reg_store_list_resubscribe (RegStore    *self,
                            gint64       list_id,
                            gint64       contact_id,
                            const char  *reason,
                            GError     **error)
{
  g_autofree char *clean = reg_text_strip (reason);
  RegListAddResult counts = { 0, };
  Writer writer = { 0, };
  gboolean ok;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  if (clean == NULL)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED,
                           _("Say why this customer may get the newsletter again, for example "
                             "“Asked for it again by e-mail on 3 May”. The reason is kept with "
                             "their record."));
      return FALSE;
    }

  writer_start (&writer, self, list_id);
  ok = _reg_store_begin (self, writer.db, error) && check_list (&writer, error) &&
       apply (&writer, contact_id, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL, now_seconds (),
              clean, TRUE, FALSE, &counts, error);

  if (ok && counts.no_email > 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED,
                           _("This customer has no e-mail address, so they cannot be on a list. "
                             "Add their address first."));
      ok = FALSE;
    }
  else if (ok && counts.added + counts.updated + counts.unchanged == 0)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND,
                           _("This customer no longer exists."));
      ok = FALSE;
    }

  return writer_finish (&writer, ok, error);
}

/**
 * reg_store_list_set_status:
 * @contact_ids: (array length=n_contacts): members of the list; others
 *   are left alone
 * @status: %REG_MEMBER_UNSUBSCRIBED, %REG_MEMBER_CLEANED, or
 *   %REG_MEMBER_SUBSCRIBED to confirm pending members
 * @n_changed: (out) (optional): how many members changed
 *
 * Unsubscribes, cleans or confirms members, in one transaction. Members
 * who unsubscribed or were cleaned are not subscribed again by this: see
 * reg_store_list_resubscribe().
 */
gboolean
reg_store_list_set_status (RegStore          *self,
                           gint64             list_id,
                           const gint64      *contact_ids,
                           guint              n_contacts,
                           RegMemberStatus    status,
                           RegMemberChange    changed_by,
                           guint             *n_changed,
                           GError           **error)
{
  RegListAddResult counts = { 0, };
  Writer writer = { 0, };
  gint64 now = now_seconds ();
  gboolean ok;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (contact_ids != NULL || n_contacts == 0, FALSE);
  g_return_val_if_fail (status == REG_MEMBER_SUBSCRIBED || is_opt_out (status), FALSE);
  g_return_val_if_fail (changed_by <= REG_MEMBER_CHANGE_SEGMENT, FALSE);

  writer_start (&writer, self, list_id);
  ok = _reg_store_begin (self, writer.db, error) && check_list (&writer, error);
  for (guint i = 0; ok && i < n_contacts; i++)
    ok = apply (&writer, contact_ids[i], status, changed_by, now, NULL, FALSE, TRUE, &counts, error);
  ok = writer_finish (&writer, ok, error);

  if (ok && n_changed != NULL)
    *n_changed = counts.updated;

  return ok;
}

/**
 * reg_store_list_remove_members:
 * @contact_ids: (array length=n_contacts): members to take off the list
 * @n_removed: (out) (optional): how many were taken off
 * @n_kept: (out) (optional): how many stay because they unsubscribed or
 *   were cleaned
 *
 * Takes subscribed and pending members off a list. Those who unsubscribed
 * or were cleaned stay, as the record that they must not be added back:
 * forgetting it would let the next import or segment subscribe them
 * again. (Deleting the customer, or the list, does forget it.)
 */
gboolean
reg_store_list_remove_members (RegStore      *self,
                               gint64         list_id,
                               const gint64  *contact_ids,
                               guint          n_contacts,
                               guint         *n_removed,
                               guint         *n_kept,
                               GError       **error)
{
  Writer writer = { 0, };
  guint removed = 0;
  guint kept = 0;
  gboolean ok;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (contact_ids != NULL || n_contacts == 0, FALSE);

  writer_start (&writer, self, list_id);
  ok = _reg_store_begin (self, writer.db, error) && check_list (&writer, error);
  for (guint i = 0; ok && i < n_contacts; i++)
    {
      sqlite3_stmt *stmt;
      int rc;

      if (!(stmt = _reg_store_prepare_cached (self, writer.db,
                                              "DELETE FROM list_members WHERE list_id = ?1 AND contact_id = ?2 "
                                              "AND status IN (0, 1)",
                                              error)))
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, list_id);
      sqlite3_bind_int64 (stmt, 2, contact_ids[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ok = _reg_store_set_error (self, error, writer.db, rc);
          break;
        }
      if (sqlite3_changes (writer.db) > 0)
        {
          removed++;
          note_changed (&writer, contact_ids[i]);
          continue;
        }

      /* Not removed: not a member, or an opt-out that stays. */
      if (!(stmt = _reg_store_prepare_cached (self, writer.db,
                                              "SELECT 1 FROM list_members WHERE list_id = ?1 AND contact_id = ?2",
                                              error)))
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, list_id);
      sqlite3_bind_int64 (stmt, 2, contact_ids[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW)
        kept++;
      else if (rc != SQLITE_DONE)
        ok = _reg_store_set_error (self, error, writer.db, rc);
    }
  ok = writer_finish (&writer, ok, error);

  if (ok && n_removed != NULL)
    *n_removed = removed;
  if (ok && n_kept != NULL)
    *n_kept = kept;

  return ok;
}

/**
 * reg_store_list_query_members:
 * @status: a #RegMemberStatus to show only members with it, or -1 for all
 * @sort: the order, as the customer list sorts
 *
 * The members of a list, customers in the trash left out.
 *
 * Returns: (transfer full) (element-type RegListMember): the members in
 *   order, or %NULL with @error set (%G_IO_ERROR_CANCELLED when cancelled)
 */
GArray *
reg_store_list_query_members (RegStore        *self,
                              gint64           list_id,
                              int              status,
                              RegContactSort   sort,
                              gboolean         descending,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(GArray) members = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const char *dir = descending ? "DESC" : "ASC";
  sqlite3 *db;
  int rc = SQLITE_OK;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (status >= -1 && status <= REG_MEMBER_CLEANED, NULL);
  g_return_val_if_fail (sort <= REG_CONTACT_SORT_LAST_ORDER, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  members = g_array_new (FALSE, TRUE, sizeof (RegListMember));
  g_array_set_clear_func (members, (GDestroyNotify)reg_list_member_clear);

  sql = g_strdup_printf ("SELECT m.list_id, m.contact_id, m.status, m.changed_at, m.changed_by, m.reason "
                         "FROM list_members m JOIN contacts c ON c.id = m.contact_id "
                         "WHERE m.list_id = ?1 AND c.deleted_at IS NULL%s "
                         "ORDER BY c.%s %s, c.id %s",
                         status >= 0 ? " AND m.status = ?2" : "",
                         sort_columns[sort], dir, dir);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  _reg_store_set_cancellable (db, cancellable);
  if ((stmt = _reg_store_prepare (self, db, sql, error)))
    {
      sqlite3_bind_int64 (stmt, 1, list_id);
      if (status >= 0)
        sqlite3_bind_int (stmt, 2, status);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegListMember member;

          member_from_row (stmt, &member);
          g_array_append_val (members, member);
        }
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_set_cancellable (db, NULL);
  _reg_store_release_reader (self, db);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&members);
}

/**
 * reg_store_get_contact_lists:
 *
 * A customer's memberships, for their pane: every list they are on, by
 * the list's name, each with its status, when and how it last changed.
 *
 * Returns: (transfer full) (element-type RegListMember): the memberships,
 *   with list_name set, or %NULL with @error set
 */
GArray *
reg_store_get_contact_lists (RegStore  *self,
                             gint64     contact_id,
                             GError   **error)
{
  g_autoptr(GArray) members = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc = SQLITE_OK;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  members = g_array_new (FALSE, TRUE, sizeof (RegListMember));
  g_array_set_clear_func (members, (GDestroyNotify)reg_list_member_clear);

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db,
                                  "SELECT m.list_id, m.contact_id, m.status, m.changed_at, m.changed_by, m.reason, "
                                  "l.name FROM list_members m JOIN lists l ON l.id = m.list_id "
                                  "WHERE m.contact_id = ?1 ORDER BY lower (l.name), l.id",
                                  error)))
    {
      sqlite3_bind_int64 (stmt, 1, contact_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegListMember member;

          member_from_row (stmt, &member);
          member.list_name = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
          g_array_append_val (members, member);
        }
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&members);
}

/* What a Mailchimp file says it is, by the columns only one of its three
 * files has; -1 when it is not one of Mailchimp's. */
static int
mailchimp_file_status (RegImport *import,
                       gboolean   is_mailchimp)
{
  if (find_column (import, "unsubtime") >= 0)
    return REG_MEMBER_UNSUBSCRIBED;
  if (find_column (import, "cleantime") >= 0)
    return REG_MEMBER_CLEANED;
  if (is_mailchimp)
    return REG_MEMBER_SUBSCRIBED;

  return -1;
}

/**
 * reg_store_list_import_mailchimp:
 * @path: one of the files of a Mailchimp audience export
 * @file_status: which one: %REG_MEMBER_SUBSCRIBED, %REG_MEMBER_UNSUBSCRIBED
 *   or %REG_MEMBER_CLEANED (%REG_MEMBER_PENDING for a list of addresses
 *   a double opt-in mail went to)
 * @progress: (scope call) (nullable): called now and then with the bytes read
 * @result: (out caller-allocates) (optional): what happened to the list
 *
 * Imports the file's customers as a Mailchimp customers import does, and
 * gives each the file's status on the list, with the time Mailchimp gives
 * for it. An unsubscribed or cleaned file always wins, as the provider
 * knows best who may be written to; a subscribed file never subscribes
 * again anyone who unsubscribed or was cleaned. All in one transaction:
 * a line that cannot be used (no or a broken e-mail address, a broken
 * row), a file of another kind than @file_status says (Mailchimp's files
 * tell by their columns), an error or Cancel change nothing.
 *
 * Returns: (transfer full): what the import did to customers, or %NULL
 *   with @error set (%REG_IMPORT_ERROR, %REG_CSV_ERROR or %REG_STORE_ERROR)
 */
RegImportResult *
reg_store_list_import_mailchimp (RegStore          *self,
                                 gint64             list_id,
                                 const char        *path,
                                 RegMemberStatus    file_status,
                                 GCancellable      *cancellable,
                                 RegImportProgress  progress,
                                 gpointer           user_data,
                                 RegListAddResult  *result,
                                 GError           **error)
{
  static const char * const time_keys[][3] = {
    [REG_MEMBER_SUBSCRIBED] = { "confirmtime", "optintime", "lastchanged" },
    [REG_MEMBER_PENDING] = { "optintime", "lastchanged", NULL },
    [REG_MEMBER_UNSUBSCRIBED] = { "unsubtime", "lastchanged", NULL },
    [REG_MEMBER_CLEANED] = { "cleantime", "lastchanged", NULL },
  };
  g_autoptr(RegListInfo) list = NULL;
  g_autoptr(RegImport) import = NULL;
  g_autoptr(RegImportResult) import_result = NULL;
  g_autoptr(GArray) email_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) time_columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) changed = NULL;
  ListImport state = { 0, };
  int says;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (file_status <= REG_MEMBER_CLEANED, NULL);

  if (!(list = reg_store_get_list (self, list_id, error)) ||
      !(import = reg_import_new (self, REG_IMPORT_CONTACTS, path, error)))
    return NULL;

  /* Choosing the wrong one of the three files would subscribe people who
   * left, or drop everyone who stayed; the file can tell. */
  says = mailchimp_file_status (import, reg_import_get_format (import) == REG_IMPORT_FORMAT_MAILCHIMP);
  if (says >= 0 && says != (int)file_status &&
      !(says == REG_MEMBER_SUBSCRIBED && file_status == REG_MEMBER_PENDING))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_WRONG_FILE,
                   /* Translators: the statuses are "subscribed", "unsubscribed" or "cleaned" */
                   _("“%s” is Mailchimp’s file of %s addresses, not of %s ones, so nothing was "
                     "imported. Choose the right file or status."),
                   display, status_ids[says], status_ids[file_status]);
      return NULL;
    }

  reg_import_set_format (import, REG_IMPORT_FORMAT_MAILCHIMP);

  for (guint i = 0; i < reg_import_get_n_columns (import); i++)
    if (reg_import_get_target (import, i) == REG_IMPORT_EMAIL)
      g_array_append_val (email_columns, i);
  if (email_columns->len == 0)
    {
      g_set_error_literal (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_NO_EMAIL_COLUMN,
                           _("No column holds e-mail addresses (Mailchimp calls it “Email Address”), so "
                             "nothing was imported."));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (time_keys[file_status]) && time_keys[file_status][i]; i++)
    {
      int column = find_column (import, time_keys[file_status][i]);

      if (column >= 0)
        g_array_append_val (time_columns, column);
    }

  state.writer.store = self;
  state.writer.list_id = list_id;
  state.writer.changed = changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  state.status = file_status;
  state.email_columns = email_columns;
  state.time_columns = time_columns;
  reg_import_set_line_func (import, import_line_cb, &state);

  if (!(import_result = reg_import_run (import, FALSE, cancellable, progress, user_data, error)))
    return NULL;

  if (changed->len > 0)
    _reg_store_emit_changed (self, REG_CHANGE_LISTS,
                             changed->len > MAX_CHANGED_IDS ? NULL : g_steal_pointer (&changed));

  if (result != NULL)
    *result = state.counts;

  return g_steal_pointer (&import_result);
}

/**
 * reg_store_list_export_subscribed:
 * @path: the file to write; replaced whole when all is written
 * @bom: start with a byte order mark, for Excel
 * @n_written: (out) (optional): how many members were written
 *
 * Writes the list's subscribed members with an e-mail address as a CSV
 * file that Mailchimp and similar services import as it is: "Email
 * Address", "First Name", "Last Name", "Tags"; commas, CRLF, cells that
 * look like formulas made harmless. In the customer list's order, by name.
 */
gboolean
reg_store_list_export_subscribed (RegStore     *self,
                                  gint64        list_id,
                                  const char   *path,
                                  gboolean      bom,
                                  guint        *n_written,
                                  GError      **error)
{
  static const char * const header[] = { "Email Address", "First Name", "Last Name", "Tags" };
  g_autoptr(RegListInfo) list = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(RegCsvWriter) writer = NULL;
  guint written = 0;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(list = reg_store_get_list (self, list_id, error)) ||
      !(members = reg_store_list_query_members (self, list_id, REG_MEMBER_SUBSCRIBED, REG_CONTACT_SORT_NAME,
                                                FALSE, NULL, error)))
    return FALSE;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), members->len);
  for (guint i = 0; i < members->len; i++)
    g_array_append_val (ids, g_array_index (members, RegListMember, i).contact_id);

  /* Written beside the file and moved in place when complete, as the
   * other exports are: a failed export never leaves half a file. */
  file = g_file_new_for_path (path);
  if (!(stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error)))
    return FALSE;
  writer = reg_csv_writer_new (G_OUTPUT_STREAM (stream), bom);

  if (!reg_csv_writer_write_row (writer, header, G_N_ELEMENTS (header), error))
    return FALSE;

  for (guint start = 0; start < ids->len; start += BATCH)
    {
      g_autoptr(GPtrArray) contacts = NULL;

      if (!(contacts = reg_store_get_contacts (self, &g_array_index (ids, gint64, start),
                                               MIN (BATCH, ids->len - start), error)) ||
          !reg_store_load_tags (self, contacts, error))
        return FALSE;

      for (guint i = 0; i < contacts->len; i++)
        {
          RegContact *contact = g_ptr_array_index (contacts, i);
          g_autofree char *tags = reg_contact_dup_tags_text (contact);
          const char *row[] = {
            reg_contact_get_email (contact), reg_contact_get_given_name (contact),
            reg_contact_get_family_name (contact), tags,
          };

          G_STATIC_ASSERT (G_N_ELEMENTS (row) == G_N_ELEMENTS (header));

          /* Gone meanwhile, or the address was taken out: nothing to send to. */
          if (reg_contact_get_email (contact)[0] == '\0')
            continue;

          if (!reg_csv_writer_write_row (writer, row, G_N_ELEMENTS (row), error))
            return FALSE;
          written++;
        }
    }

  if (!reg_csv_writer_close (writer, NULL, error))
    return FALSE;

  if (n_written != NULL)
    *n_written = written;

  return TRUE;
}

/* test-lists.c: newsletter lists, their rules of consent, Mailchimp files
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "reg-import.h"
#include "reg-lists.h"
#include "reg-store-private.h"
#include "reg-test-util.h"

typedef struct
{
  char     *dir;
  RegStore *store;
  guint     n_list_changes;
} Fixture;

static void
changed_cb (RegStore       *store,
            RegChangeFlags  flags,
            GArray         *ids,
            Fixture        *f)
{
  if (flags & REG_CHANGE_LISTS)
    f->n_list_changes++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = reg_test_make_tmp_dir ();
  f->store = reg_test_open_store (f->dir, 0);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Notifications still queued hold the store and would reach @f after
   * it is freed. */
  g_signal_handlers_disconnect_by_data (f->store, f);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  reg_test_remove_tmp_dir (f->dir);
  g_free (f->dir);
}

static void
flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
add_contact (Fixture    *f,
             const char *given,
             const char *family,
             const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) contact = reg_test_contact_new (given, family, email);

  reg_store_save_contact (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reg_contact_get_id (contact), >, 0);

  return reg_contact_get_id (contact);
}

static gint64
add_list (Fixture    *f,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = reg_store_add_list (f->store, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static RegListAddResult
add (Fixture          *f,
     gint64            list_id,
     gint64            contact_id,
     RegMemberStatus   status,
     RegMemberChange   changed_by)
{
  g_autoptr(GError) error = NULL;
  RegListAddResult result = { 99, 99, 99, 99, 99 };

  g_assert_true (reg_store_list_add_members (f->store, list_id, &contact_id, 1, status, changed_by, &result, &error));
  g_assert_no_error (error);

  return result;
}

static void
set_status (Fixture         *f,
            gint64           list_id,
            gint64           contact_id,
            RegMemberStatus  status)
{
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  g_assert_true (reg_store_list_set_status (f->store, list_id, &contact_id, 1, status,
                                            REG_MEMBER_CHANGE_MANUAL, &n_changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
}

#define assert_result(r, a, u, same, none, out) \
  G_STMT_START { \
    RegListAddResult r_ = (r); \
    g_assert_cmpuint (r_.added, ==, (a)); \
    g_assert_cmpuint (r_.updated, ==, (u)); \
    g_assert_cmpuint (r_.unchanged, ==, (same)); \
    g_assert_cmpuint (r_.no_email, ==, (none)); \
    g_assert_cmpuint (r_.opted_out, ==, (out)); \
  } G_STMT_END

/* A customer's membership of one list: its status, -1 if not a member. */
static int
member_status (Fixture        *f,
               gint64          list_id,
               gint64          contact_id,
               RegListMember  *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lists = reg_store_get_contact_lists (f->store, contact_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < lists->len; i++)
    {
      RegListMember *member = &g_array_index (lists, RegListMember, i);

      if (member->list_id != list_id)
        continue;
      if (out != NULL)
        {
          *out = *member;
          out->reason = g_strdup (member->reason);
          out->list_name = g_strdup (member->list_name);
        }
      return member->status;
    }

  return -1;
}

/* Everything in list_members, as text, read behind the store's back. */
static char *
dump_members (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *dump = g_string_new (NULL);
  sqlite3 *db = _reg_store_acquire_reader (f->store, &error);

  g_assert_no_error (error);
  stmt = _reg_store_prepare (f->store, db,
                             "SELECT list_id, contact_id, status, changed_at, changed_by, "
                             "coalesce (reason, '(null)') FROM list_members ORDER BY list_id, contact_id",
                             &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (dump, "%s|%s|%s|%s|%s|%s\n",
                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
                            sqlite3_column_text (stmt, 4), sqlite3_column_text (stmt, 5));
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (f->store, db);

  return g_string_free (dump, FALSE);
}

static gint64
n_contacts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = reg_store_count_contacts (f->store, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
find_email (Fixture    *f,
            const char *email)
{
  g_autoptr(GArray) ids = reg_store_query_contact_ids (f->store, email, REG_CONTACT_SORT_NAME, FALSE, 0, NULL, NULL);

  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, 1);
  return g_array_index (ids, gint64, 0);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      len)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}

static RegImportResult *
import_list (Fixture           *f,
             gint64             list_id,
             const char        *data,
             RegMemberStatus    file_status,
             RegListAddResult  *result,
             GError           **error)
{
  g_autofree char *path = write_file (f, "audience.csv", data, -1);

  return reg_store_list_import_mailchimp (f->store, list_id, path, file_status, NULL, NULL, NULL, result, error);
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(RegListInfo) found = NULL;
  gint64 news;
  gint64 wholesale;
  gint64 anna;

  news = add_list (f, "  Newsletter ");
  flush_events ();
  g_assert_cmpuint (f->n_list_changes, ==, 1);

  /* Names are unique whatever the case. */
  g_assert_cmpint (reg_store_add_list (f->store, "NEWSLETTER", &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "There is already a list called “NEWSLETTER”"));
  g_clear_error (&error);
  g_assert_cmpint (reg_store_add_list (f->store, "   ", &error), ==, 0);
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED);
  g_clear_error (&error);

  wholesale = add_list (f, "wholesale news");
  g_assert_false (reg_store_rename_list (f->store, wholesale, "newsletter", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (reg_store_rename_list (f->store, wholesale, "Wholesale News", &error));
  g_assert_no_error (error);
  g_assert_false (reg_store_rename_list (f->store, 999, "Other", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  found = reg_store_find_list (f->store, " wholesale NEWS", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, wholesale);
  g_assert_cmpstr (found->name, ==, "Wholesale News");
  g_assert_null (reg_store_find_list (f->store, "Nope", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no list called “Nope”.");
  g_clear_error (&error);

  /* Counts per status, by name. */
  anna = add_contact (f, "Anna", "Berg", "anna@example.com");
  add (f, news, anna, REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM);
  add (f, wholesale, anna, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  add (f, wholesale, add_contact (f, "Ben", "Alt", "ben@example.com"), REG_MEMBER_CLEANED, REG_MEMBER_CHANGE_IMPORT);
  lists = reg_store_get_lists (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, 2);
  {
    RegListInfo *a = g_ptr_array_index (lists, 0);
    RegListInfo *b = g_ptr_array_index (lists, 1);

    g_assert_cmpstr (a->name, ==, "Newsletter");
    g_assert_cmpuint (a->n_subscribed, ==, 0);
    g_assert_cmpuint (a->n_pending, ==, 1);
    g_assert_cmpuint (a->n_unsubscribed, ==, 0);
    g_assert_cmpuint (a->n_cleaned, ==, 0);
    g_assert_cmpstr (b->name, ==, "Wholesale News");
    g_assert_cmpuint (b->n_subscribed, ==, 1);
    g_assert_cmpuint (b->n_pending, ==, 0);
    g_assert_cmpuint (b->n_cleaned, ==, 1);
  }

  /* Removing a list takes its memberships, not its customers. */
  g_assert_true (reg_store_remove_list (f->store, news, &error));
  g_assert_no_error (error);
  g_assert_cmpint (member_status (f, news, anna, NULL), ==, -1);
  g_assert_cmpint (member_status (f, wholesale, anna, NULL), ==, REG_MEMBER_SUBSCRIBED);
  g_assert_cmpint (n_contacts (f), ==, 2);
  g_assert_false (reg_store_remove_list (f->store, news, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing can be added to a list that is gone. */
  g_assert_false (reg_store_list_add_members (f->store, news, &anna, 1, REG_MEMBER_SUBSCRIBED,
                                              REG_MEMBER_CHANGE_MANUAL, NULL, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  flush_events ();
  /* add ×2, rename, 3 adds, remove */
  g_assert_cmpuint (f->n_list_changes, ==, 7);
}

static void
test_no_email_cannot_join (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list = add_list (f, "Newsletter");
  gint64 ids[] = {
    add_contact (f, "Nora", "Nomail", NULL),
    add_contact (f, "Ola", "Mail", "ola@example.com"),
    add_contact (f, "Piet", "Blank", "   "),
  };
  RegListAddResult result;

  g_assert_true (reg_store_list_add_members (f->store, list, ids, G_N_ELEMENTS (ids), REG_MEMBER_SUBSCRIBED,
                                             REG_MEMBER_CHANGE_SEGMENT, &result, &error));
  g_assert_no_error (error);
  assert_result (result, 1, 0, 0, 2, 0);
  g_assert_cmpint (member_status (f, list, ids[0], NULL), ==, -1);
  g_assert_cmpint (member_status (f, list, ids[1], NULL), ==, REG_MEMBER_SUBSCRIBED);
  g_assert_cmpint (member_status (f, list, ids[2], NULL), ==, -1);

  /* Not as pending, nor by hand with a reason. */
  assert_result (add (f, list, ids[0], REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM), 0, 0, 0, 1, 0);
  g_assert_false (reg_store_list_resubscribe (f->store, list, ids[0], "Asked in the shop", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no e-mail address"));
  g_clear_error (&error);
  g_assert_cmpint (member_status (f, list, ids[0], NULL), ==, -1);
}

static void
test_add_rules (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list = add_list (f, "Newsletter");
  gint64 ann = add_contact (f, "Ann", "Lee", "ann@example.com");
  gint64 bob = add_contact (f, "Bob", "Ray", "bob@example.com");
  gint64 cat = add_contact (f, "Cat", "Sun", "cat@example.com");
  gint64 dan = add_contact (f, "Dan", "Oak", "dan@example.com");
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  RegMemberChange changes[] = {
    REG_MEMBER_CHANGE_SEGMENT, REG_MEMBER_CHANGE_IMPORT, REG_MEMBER_CHANGE_FORM,
    REG_MEMBER_CHANGE_CHECKOUT, REG_MEMBER_CHANGE_MANUAL,
  };
  g_auto(RegListMember) member = { 0, };
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;

  assert_result (add (f, list, ann, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_CHECKOUT), 1, 0, 0, 0, 0);
  g_assert_cmpint (member_status (f, list, ann, &member), ==, REG_MEMBER_SUBSCRIBED);
  g_assert_cmpint (member.changed_by, ==, REG_MEMBER_CHANGE_CHECKOUT);
  g_assert_cmpint (member.changed_at, >=, before);
  g_assert_cmpint (member.changed_at, <=, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_null (member.reason);
  g_assert_cmpstr (member.list_name, ==, "Newsletter");

  /* Already subscribed: left as it is, also when asked for pending. */
  assert_result (add (f, list, ann, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_SEGMENT), 0, 0, 1, 0, 0);
  assert_result (add (f, list, ann, REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM), 0, 0, 1, 0, 0);
  reg_list_member_clear (&member);
  member_status (f, list, ann, &member);
  g_assert_cmpint (member.changed_by, ==, REG_MEMBER_CHANGE_CHECKOUT);

  /* Pending, then confirmed. */
  assert_result (add (f, list, bob, REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM), 1, 0, 0, 0, 0);
  assert_result (add (f, list, bob, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_FORM), 0, 1, 0, 0, 0);
  g_assert_cmpint (member_status (f, list, bob, NULL), ==, REG_MEMBER_SUBSCRIBED);

  /* Opt-outs always count... */
  add (f, list, cat, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  assert_result (add (f, list, cat, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_FORM), 0, 1, 0, 0, 0);
  assert_result (add (f, list, dan, REG_MEMBER_CLEANED, REG_MEMBER_CHANGE_IMPORT), 1, 0, 0, 0, 0);

  /* ...and nothing but a manual resubscribe with a reason undoes them:
   * not a segment, an import, a form, a checkout, nor a bulk add by hand. */
  dump = dump_members (f);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      gint64 both[] = { cat, dan };
      RegListAddResult result;

      g_assert_true (reg_store_list_add_members (f->store, list, both, 2, REG_MEMBER_SUBSCRIBED, changes[i],
                                                 &result, &error));
      g_assert_no_error (error);
      assert_result (result, 0, 0, 0, 0, 2);
      g_assert_true (reg_store_list_add_members (f->store, list, both, 2, REG_MEMBER_PENDING, changes[i],
                                                 &result, &error));
      assert_result (result, 0, 0, 0, 0, 2);
    }
  dump_after = dump_members (f);
  g_assert_cmpstr (dump, ==, dump_after);
  g_assert_cmpint (member_status (f, list, cat, NULL), ==, REG_MEMBER_UNSUBSCRIBED);
  g_assert_cmpint (member_status (f, list, dan, NULL), ==, REG_MEMBER_CLEANED);

  /* Confirming pending members does not resubscribe anyone either. */
  {
    gint64 both[] = { cat, dan };
    guint n_changed = 99;

    g_assert_true (reg_store_list_set_status (f->store, list, both, 2, REG_MEMBER_SUBSCRIBED,
                                              REG_MEMBER_CHANGE_MANUAL, &n_changed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_changed, ==, 0);
  }

  /* An unsubscribed address may still be marked as bounced, and back. */
  assert_result (add (f, list, cat, REG_MEMBER_CLEANED, REG_MEMBER_CHANGE_IMPORT), 0, 1, 0, 0, 0);
  assert_result (add (f, list, cat, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_IMPORT), 0, 1, 0, 0, 0);
}

static void
test_resubscribe (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list = add_list (f, "Newsletter");
  gint64 cat = add_contact (f, "Cat", "Sun", "cat@example.com");
  gint64 dan = add_contact (f, "Dan", "Oak", "dan@example.com");
  gint64 eve = add_contact (f, "Eve", "Fox", "eve@example.com");
  g_auto(RegListMember) member = { 0, };
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;

  add (f, list, cat, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_FORM);
  add (f, list, dan, REG_MEMBER_CLEANED, REG_MEMBER_CHANGE_IMPORT);

  /* A reason is required. */
  dump = dump_members (f);
  g_assert_false (reg_store_list_resubscribe (f->store, list, cat, NULL, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Say why"));
  g_clear_error (&error);
  g_assert_false (reg_store_list_resubscribe (f->store, list, cat, " \t\n", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED);
  g_clear_error (&error);
  dump_after = dump_members (f);
  g_assert_cmpstr (dump, ==, dump_after);

  /* With one, it is done and recorded. */
  g_assert_true (reg_store_list_resubscribe (f->store, list, cat, "  Asked by phone on 3 May ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (member_status (f, list, cat, &member), ==, REG_MEMBER_SUBSCRIBED);
  g_assert_cmpint (member.changed_by, ==, REG_MEMBER_CHANGE_MANUAL);
  g_assert_cmpstr (member.reason, ==, "Asked by phone on 3 May");

  g_assert_true (reg_store_list_resubscribe (f->store, list, dan, "New address works again", &error));
  g_assert_no_error (error);
  g_assert_cmpint (member_status (f, list, dan, NULL), ==, REG_MEMBER_SUBSCRIBED);

  /* Someone not on the list yet joins the same way. */
  g_assert_true (reg_store_list_resubscribe (f->store, list, eve, "Signed up on paper", &error));
  g_assert_cmpint (member_status (f, list, eve, NULL), ==, REG_MEMBER_SUBSCRIBED);

  /* A later change drops the reason: it explained the change before. */
  set_status (f, list, cat, REG_MEMBER_UNSUBSCRIBED);
  reg_list_member_clear (&member);
  g_assert_cmpint (member_status (f, list, cat, &member), ==, REG_MEMBER_UNSUBSCRIBED);
  g_assert_null (member.reason);

  g_assert_false (reg_store_list_resubscribe (f->store, 999, cat, "Because", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (reg_store_list_resubscribe (f->store, list, 999, "Because", &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_set_status_and_remove (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list = add_list (f, "Newsletter");
  gint64 ann = add_contact (f, "Ann", "Lee", "ann@example.com");
  gint64 bob = add_contact (f, "Bob", "Ray", "bob@example.com");
  gint64 cat = add_contact (f, "Cat", "Sun", "cat@example.com");
  gint64 dan = add_contact (f, "Dan", "Oak", "dan@example.com");
  gint64 outsider = add_contact (f, "Out", "Side", "out@example.com");
  gint64 all[] = { ann, bob, cat, dan, outsider };
  guint n_changed = 99;
  guint n_removed = 99;
  guint n_kept = 99;

  add (f, list, ann, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  add (f, list, bob, REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM);
  add (f, list, cat, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  add (f, list, dan, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);

  /* Confirm: only the pending one changes; the outsider does not join. */
  g_assert_true (reg_store_list_set_status (f->store, list, all, G_N_ELEMENTS (all), REG_MEMBER_SUBSCRIBED,
                                            REG_MEMBER_CHANGE_FORM, &n_changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (member_status (f, list, bob, NULL), ==, REG_MEMBER_SUBSCRIBED);
  g_assert_cmpint (member_status (f, list, outsider, NULL), ==, -1);

  set_status (f, list, cat, REG_MEMBER_UNSUBSCRIBED);
  set_status (f, list, dan, REG_MEMBER_CLEANED);

  /* Unsubscribing everyone changes the two who were subscribed. */
  {
    gint64 some[] = { ann, cat, outsider };

    g_assert_true (reg_store_list_set_status (f->store, list, some, G_N_ELEMENTS (some), REG_MEMBER_UNSUBSCRIBED,
                                              REG_MEMBER_CHANGE_MANUAL, &n_changed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_changed, ==, 1);
    g_assert_cmpint (member_status (f, list, outsider, NULL), ==, -1);
  }

  /* Removing keeps the opt-outs: they are what stops a later add. */
  g_assert_true (reg_store_list_remove_members (f->store, list, all, G_N_ELEMENTS (all), &n_removed, &n_kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_removed, ==, 1);  /* bob */
  g_assert_cmpuint (n_kept, ==, 3);     /* ann, cat (unsubscribed), dan (cleaned) */
  g_assert_cmpint (member_status (f, list, bob, NULL), ==, -1);
  g_assert_cmpint (member_status (f, list, cat, NULL), ==, REG_MEMBER_UNSUBSCRIBED);
  {
    RegListAddResult result;

    g_assert_true (reg_store_list_add_members (f->store, list, all, G_N_ELEMENTS (all), REG_MEMBER_SUBSCRIBED,
                                               REG_MEMBER_CHANGE_SEGMENT, &result, &error));
    assert_result (result, 2, 0, 0, 0, 3);
  }
}

static void
test_members_query (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) desc = NULL;
  g_autoptr(GArray) subscribed = NULL;
  g_autoptr(GArray) memberships = NULL;
  g_autoptr(RegListInfo) info = NULL;
  gint64 news = add_list (f, "Newsletter");
  gint64 events = add_list (f, "events");
  gint64 zoe = add_contact (f, "Zoë", "Adams", "zoe@example.com");
  gint64 emile = add_contact (f, "Émile", "Zola", "emile@example.fr");
  gint64 ann = add_contact (f, "ann", "Lee", "ann@example.com");

  add (f, news, zoe, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  add (f, news, emile, REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM);
  add (f, news, ann, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_CHECKOUT);
  add (f, events, ann, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_IMPORT);

  all = reg_store_list_query_members (f->store, news, -1, REG_CONTACT_SORT_NAME, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (g_array_index (all, RegListMember, 0).contact_id, ==, ann);
  g_assert_cmpint (g_array_index (all, RegListMember, 0).changed_by, ==, REG_MEMBER_CHANGE_CHECKOUT);
  g_assert_cmpint (g_array_index (all, RegListMember, 1).contact_id, ==, emile);
  g_assert_cmpint (g_array_index (all, RegListMember, 1).status, ==, REG_MEMBER_PENDING);
  g_assert_cmpint (g_array_index (all, RegListMember, 2).contact_id, ==, zoe);

  desc = reg_store_list_query_members (f->store, news, -1, REG_CONTACT_SORT_NAME, TRUE, NULL, &error);
  g_assert_cmpint (g_array_index (desc, RegListMember, 0).contact_id, ==, zoe);
  g_assert_cmpint (g_array_index (desc, RegListMember, 2).contact_id, ==, ann);

  subscribed = reg_store_list_query_members (f->store, news, REG_MEMBER_SUBSCRIBED, REG_CONTACT_SORT_EMAIL,
                                             FALSE, NULL, &error);
  g_assert_cmpuint (subscribed->len, ==, 2);
  g_assert_cmpint (g_array_index (subscribed, RegListMember, 0).contact_id, ==, ann);
  g_assert_cmpint (g_array_index (subscribed, RegListMember, 1).contact_id, ==, zoe);

  /* The pane: every list of one customer, by name. */
  memberships = reg_store_get_contact_lists (f->store, ann, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memberships->len, ==, 2);
  g_assert_cmpstr (g_array_index (memberships, RegListMember, 0).list_name, ==, "events");
  g_assert_cmpint (g_array_index (memberships, RegListMember, 0).status, ==, REG_MEMBER_UNSUBSCRIBED);
  g_assert_cmpstr (g_array_index (memberships, RegListMember, 1).list_name, ==, "Newsletter");
  g_assert_cmpint (g_array_index (memberships, RegListMember, 1).status, ==, REG_MEMBER_SUBSCRIBED);

  /* A customer in the trash is not counted nor listed, until undone. */
  g_assert_true (reg_store_trash_contact (f->store, zoe, &error));
  g_clear_pointer (&all, g_array_unref);
  all = reg_store_list_query_members (f->store, news, -1, REG_CONTACT_SORT_NAME, FALSE, NULL, &error);
  g_assert_cmpuint (all->len, ==, 2);
  info = reg_store_get_list (f->store, news, &error);
  g_assert_cmpuint (info->n_subscribed, ==, 1);
  g_assert_cmpuint (info->n_pending, ==, 1);
  g_assert_true (reg_store_untrash_contact (f->store, zoe, &error));
  g_clear_pointer (&info, reg_list_info_free);
  info = reg_store_get_list (f->store, news, &error);
  g_assert_cmpuint (info->n_subscribed, ==, 2);

  /* Ids for the command line. */
  g_assert_cmpstr (reg_member_status_id (REG_MEMBER_CLEANED), ==, "cleaned");
  g_assert_cmpstr (reg_member_change_id (REG_MEMBER_CHANGE_CHECKOUT), ==, "checkout");
  {
    RegMemberStatus status;

    g_assert_true (reg_member_status_from_id ("unsubscribed", &status));
    g_assert_cmpint (status, ==, REG_MEMBER_UNSUBSCRIBED);
    g_assert_false (reg_member_status_from_id ("gone", &status));
  }
}

/* Mailchimp's three files, as its audience export writes them. */
static const char mc_subscribed[] =
  "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,"
  "LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\r\n"
  "ann@example.com,Ann,Lee,2,\"2016-04-18 13:51:14\",,\"2016-04-18 13:52:00\",,,,,,,DE,,"
  "\"2016-04-18 13:52:00\",101,a1,,\"\"\"Customer\"\"\"\r\n"
  "bob@example.com,Bob,Ray,3,\"2016-04-18 13:51:14\",,\"2016-04-18 13:52:00\",,,,,,,,,"
  "\"2016-04-18 13:52:00\",102,b2,,\r\n"
  "cat@example.com,Cat,Sun,1,\"2016-04-18 13:51:14\",,,,,,,,,,,"
  "\"2016-05-01 09:00:00\",103,c3,,\r\n"
  "eve@example.com,Eve,Fox,1,\"2016-04-18 13:51:14\",,\"2016-04-18 13:52:00\",,,,,,,,,"
  "\"2016-04-18 13:52:00\",105,e5,,\r\n";

static const char mc_unsubscribed[] =
  "Email Address,First Name,Last Name,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,"
  "UNSUB_REASON_OTHER,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,"
  "GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES\r\n"
  "bob@example.com,Bob,Ray,\"2017-01-02 10:00:00\",Spring sale,abc,\"I no longer want to receive these emails\","
  ",3,\"2016-04-18 13:51:14\",,\"2016-04-18 13:52:00\",,,,,,,,,\"2017-01-02 10:00:00\",102,b2,\r\n"
  "dan@example.com,Dan,Oak,\"2018-03-04 05:06:07\",,,,,1,,,,,,,,,,,,\"2018-03-04 05:06:07\",104,d4,\r\n";

static const char mc_cleaned[] =
  "Email Address,First Name,Last Name,CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,MEMBER_RATING,"
  "OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
  "LAST_CHANGED,LEID,EUID,NOTES\r\n"
  "cat@example.com,Cat,Sun,\"2019-05-06 07:08:09\",Spring sale,abc,1,\"2016-04-18 13:51:14\",,,,,,,,,,,"
  "\"2019-05-06 07:08:09\",103,c3,\r\n";

/* The times the files give: when each status began. */
#define ANN_CONFIRMED 1460987520  /* 2016-04-18 13:52:00 UTC */
#define BOB_UNSUB     1483351200  /* 2017-01-02 10:00:00 */
#define CAT_CLEANED   1557126489  /* 2019-05-06 07:08:09 */
#define DAN_UNSUB     1520139967  /* 2018-03-04 05:06:07 */

static void
assert_member (Fixture         *f,
               gint64           list_id,
               const char      *email,
               RegMemberStatus  status,
               RegMemberChange  changed_by,
               gint64           changed_at)
{
  g_auto(RegListMember) member = { 0, };

  g_assert_cmpint (member_status (f, list_id, find_email (f, email), &member), ==, status);
  g_assert_cmpint (member.changed_by, ==, changed_by);
  if (changed_at > 0)
    g_assert_cmpint (member.changed_at, ==, changed_at);
}

static void
test_mailchimp_files (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 forward = add_list (f, "Forward");
  gint64 backward = add_list (f, "Backward");
  gint64 eve = add_contact (f, "Eve", "Fox", "EVE@example.com");
  RegListAddResult result;
  g_auto(RegListMember) eve_forward = { 0, };
  g_auto(RegListMember) eve_backward = { 0, };
  gint64 lists[] = { forward, backward };

  /* Eve unsubscribed in Regulars already, told in the shop. */
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      add (f, lists[i], eve, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_CHECKOUT);
      set_status (f, lists[i], eve, REG_MEMBER_UNSUBSCRIBED);
    }
  member_status (f, forward, eve, &eve_forward);
  member_status (f, backward, eve, &eve_backward);

  /* Subscribed, unsubscribed, cleaned... */
  {
    g_autoptr(RegImportResult) r1 = import_list (f, forward, mc_subscribed, REG_MEMBER_SUBSCRIBED, &result, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (r1->added, ==, 3);  /* customers: ann, bob, cat */
    g_assert_cmpuint (r1->rejected, ==, 0);
    assert_result (result, 3, 0, 0, 0, 1);
  }
  {
    g_autoptr(RegImportResult) r2 = import_list (f, forward, mc_unsubscribed, REG_MEMBER_UNSUBSCRIBED, &result, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (r2->added, ==, 1);  /* dan */
    assert_result (result, 1, 1, 0, 0, 0);
  }
  {
    g_autoptr(RegImportResult) r3 = import_list (f, forward, mc_cleaned, REG_MEMBER_CLEANED, &result, &error);

    g_assert_no_error (error);
    assert_result (result, 0, 1, 0, 0, 0);
  }

  /* ...and the other way round. */
  {
    g_autoptr(RegImportResult) r1 = import_list (f, backward, mc_cleaned, REG_MEMBER_CLEANED, &result, &error);

    g_assert_no_error (error);
    assert_result (result, 1, 0, 0, 0, 0);
  }
  {
    g_autoptr(RegImportResult) r2 = import_list (f, backward, mc_unsubscribed, REG_MEMBER_UNSUBSCRIBED, &result, &error);

    g_assert_no_error (error);
    assert_result (result, 2, 0, 0, 0, 0);
  }
  {
    g_autoptr(RegImportResult) r3 = import_list (f, backward, mc_subscribed, REG_MEMBER_SUBSCRIBED, &result, &error);

    g_assert_no_error (error);
    assert_result (result, 1, 0, 0, 0, 3);  /* bob, cat, eve stay as they are */
  }

  /* Either way, the same: what the provider knows, with its times. */
  g_assert_cmpint (n_contacts (f), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_auto(RegListMember) eve_now = { 0, };
      g_autoptr(RegListInfo) info = reg_store_get_list (f->store, lists[i], &error);

      assert_member (f, lists[i], "ann@example.com", REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_IMPORT, ANN_CONFIRMED);
      assert_member (f, lists[i], "bob@example.com", REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_IMPORT, BOB_UNSUB);
      assert_member (f, lists[i], "cat@example.com", REG_MEMBER_CLEANED, REG_MEMBER_CHANGE_IMPORT, CAT_CLEANED);
      assert_member (f, lists[i], "dan@example.com", REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_IMPORT, DAN_UNSUB);

      /* Eve's own record is untouched by the subscribed file. */
      member_status (f, lists[i], eve, &eve_now);
      g_assert_cmpint (eve_now.status, ==, REG_MEMBER_UNSUBSCRIBED);
      g_assert_cmpint (eve_now.changed_by, ==, REG_MEMBER_CHANGE_MANUAL);
      g_assert_cmpint (eve_now.changed_at, ==, (i == 0 ? eve_forward : eve_backward).changed_at);

      g_assert_cmpuint (info->n_subscribed, ==, 1);
      g_assert_cmpuint (info->n_unsubscribed, ==, 3);
      g_assert_cmpuint (info->n_cleaned, ==, 1);
    }

  /* A subscribed row without a confirmation time starts at its opt-in. */
  {
    gint64 third = add_list (f, "Third");
    g_autoptr(RegImportResult) r = import_list (f, third, mc_subscribed, REG_MEMBER_SUBSCRIBED, &result, &error);

    g_assert_no_error (error);
    assert_member (f, third, "cat@example.com", REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_IMPORT, 1460987474);
  }
}

static void
test_mailchimp_duplicates (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 list = add_list (f, "Newsletter");
  RegListAddResult result;
  const char *twice =
    "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LAST_CHANGED,LEID\n"
    "ann@example.com,Ann,Lee,2,2016-04-18 13:51:14,2016-04-18 13:52:00,2016-04-18 13:52:00,1\n"
    "bob@example.com,Bob,Ray,2,2016-04-18 13:51:14,2016-04-18 13:52:00,2016-04-18 13:52:00,2\n"
    " ANN@Example.com ,Annie,,2,2015-01-01 00:00:00,2015-01-01 00:00:00,2015-01-01 00:00:00,1\n";
  const char *unsub_twice =
    "Email Address,First Name,Last Name,UNSUB_TIME,MEMBER_RATING,LEID\n"
    "bob@example.com,Bob,Ray,2017-01-02 10:00:00,2,2\n"
    "Bob@example.com,Bob,Ray,2019-05-06 07:08:09,2,2\n";
  g_autoptr(RegImportResult) r1 = import_list (f, list, twice, REG_MEMBER_SUBSCRIBED, &result, &error);
  g_autoptr(RegImportResult) r2 = NULL;
  g_autoptr(GArray) members = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (r1->added, ==, 2);
  g_assert_cmpuint (r1->merged, ==, 1);
  assert_result (result, 2, 0, 1, 0, 0);
  members = reg_store_list_query_members (f->store, list, -1, REG_CONTACT_SORT_NAME, FALSE, NULL, &error);
  g_assert_cmpuint (members->len, ==, 2);
  /* The first line wins, as in any import. */
  assert_member (f, list, "ann@example.com", REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_IMPORT, ANN_CONFIRMED);

  r2 = import_list (f, list, unsub_twice, REG_MEMBER_UNSUBSCRIBED, &result, &error);
  g_assert_no_error (error);
  assert_result (result, 0, 1, 1, 0, 0);
  assert_member (f, list, "bob@example.com", REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_IMPORT, BOB_UNSUB);
}

static void
test_mailchimp_broken (Fixture       *f,
                       gconstpointer  data)
{
  static const struct
  {
    const char      *what;
    const char      *data;
    RegMemberStatus  status;
    GQuark           (*domain) (void);
    int              code;
    const char      *message;
  } broken[] = {
    /* Plain lists of addresses: the caller says what they are. */
    { "bad address",
      "Email Address,First Name\nnew@example.com,New\nnot-an-address,Bad\nzed@example.com,Zed\n",
      REG_MEMBER_UNSUBSCRIBED, reg_import_error_quark, REG_IMPORT_ERROR_BAD_LINE,
      "Line 3: “not-an-address” is not an e-mail address. Nothing was imported" },
    { "no address",
      "Email Address,First Name\nnew@example.com,New\n,Nobody\n",
      REG_MEMBER_SUBSCRIBED, reg_import_error_quark, REG_IMPORT_ERROR_BAD_LINE, "Line 3 has no e-mail address" },
    { "too few columns",
      "Email Address,First Name,Last Name\nnew@example.com,New,Hand\nzed@example.com\n",
      REG_MEMBER_CLEANED, reg_import_error_quark, REG_IMPORT_ERROR_BAD_LINE, "Line 3: This line has 1 column" },
    { "open quote",
      "Email Address,First Name,Last Name\nnew@example.com,New,Hand\nzed@example.com,\"Zed,Zoo\n",
      REG_MEMBER_UNSUBSCRIBED, reg_import_error_quark, REG_IMPORT_ERROR_BAD_LINE, "Line 3:" },
    { "no address column",
      "Name,City\nAnn Lee,Berlin\n",
      REG_MEMBER_SUBSCRIBED, reg_import_error_quark, REG_IMPORT_ERROR_NO_EMAIL_COLUMN, "No column holds e-mail" },
    { "unsubscribed file as subscribed",
      mc_unsubscribed, REG_MEMBER_SUBSCRIBED, reg_import_error_quark, REG_IMPORT_ERROR_WRONG_FILE,
      "“audience.csv” is Mailchimp’s file of unsubscribed addresses, not of subscribed ones" },
    { "cleaned file as pending",
      mc_cleaned, REG_MEMBER_PENDING, reg_import_error_quark, REG_IMPORT_ERROR_WRONG_FILE, "of cleaned addresses" },
    { "subscribed file as unsubscribed",
      mc_subscribed, REG_MEMBER_UNSUBSCRIBED, reg_import_error_quark, REG_IMPORT_ERROR_WRONG_FILE,
      "of subscribed addresses, not of unsubscribed ones" },
    { "subscribed file as cleaned",
      mc_subscribed, REG_MEMBER_CLEANED, reg_import_error_quark, REG_IMPORT_ERROR_WRONG_FILE, NULL },
    { "empty", "", REG_MEMBER_SUBSCRIBED, reg_csv_error_quark, REG_CSV_ERROR_EMPTY, NULL },
    { "a picture", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", REG_MEMBER_SUBSCRIBED, reg_csv_error_quark,
      REG_CSV_ERROR_NOT_CSV, NULL },
  };
  g_autoptr(GError) error = NULL;
  gint64 list = add_list (f, "Newsletter");
  gint64 old = add_contact (f, "Old", "Hand", "new@example.com");
  g_autofree char *before = NULL;
  gint64 n_before;

  add (f, list, old, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  before = dump_members (f);
  n_before = n_contacts (f);
  flush_events ();
  f->n_list_changes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(RegImportResult) result = NULL;
      g_autofree char *after = NULL;
      g_autofree char *path = write_file (f, "audience.csv", broken[i].data,
                                          i == G_N_ELEMENTS (broken) - 1 ? 16 : -1);

      g_test_message ("%s", broken[i].what);
      result = reg_store_list_import_mailchimp (f->store, list, path, broken[i].status, NULL, NULL, NULL,
                                                NULL, &error);
      g_assert_null (result);
      g_assert_error (error, broken[i].domain (), broken[i].code);
      if (broken[i].message)
        g_assert_nonnull (strstr (error->message, broken[i].message));
      g_clear_error (&error);

      after = dump_members (f);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpint (n_contacts (f), ==, n_before);
    }

  /* Cancelled half-way: nothing either. */
  {
    g_autoptr(GString) big = g_string_new ("Email Address,First Name,MEMBER_RATING\n");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(RegImportResult) result = NULL;
    g_autofree char *path = NULL;
    g_autofree char *after = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append_printf (big, "person%u@example.com,Person,1\n", i);
    path = write_file (f, "big.csv", big->str, big->len);
    g_cancellable_cancel (cancellable);
    result = reg_store_list_import_mailchimp (f->store, list, path, REG_MEMBER_SUBSCRIBED, cancellable,
                                              NULL, NULL, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, REG_IMPORT_ERROR, REG_IMPORT_ERROR_CANCELLED);
    g_clear_error (&error);
    after = dump_members (f);
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpint (n_contacts (f), ==, n_before);
  }

  /* Into a list that is not there. */
  {
    g_autofree char *path = write_file (f, "audience.csv", mc_subscribed, -1);

    g_assert_null (reg_store_list_import_mailchimp (f->store, 999, path, REG_MEMBER_SUBSCRIBED, NULL, NULL, NULL,
                                                    NULL, &error));
    g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  flush_events ();
  g_assert_cmpuint (f->n_list_changes, ==, 0);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) ann = reg_test_contact_new ("Ann", "Lee, Jr.", "ann@example.com");
  g_autoptr(RegContact) dan = NULL;
  g_autofree char *path = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *contents = NULL;
  const char *tags[] = { "vip", "wholesale", NULL };
  gint64 list = add_list (f, "Newsletter");
  gint64 other = add_list (f, "Other");
  gint64 evil;
  gint64 emile;
  gint64 bob;
  gint64 cat;
  gint64 dan_id;
  gsize len = 0;
  guint n_written = 99;
  const char *expected =
    "Email Address,First Name,Last Name,Tags\r\n"
    "evil@example.com,'=1+2,Evil,\r\n"
    "ann@example.com,Ann,\"Lee, Jr.\",\"vip, wholesale\"\r\n"
    "emile@example.fr,Émile,Zola,\r\n";

  evil = add_contact (f, "=1+2", "Evil", "evil@example.com");
  reg_contact_set_tags (ann, tags);
  g_assert_true (reg_store_save_contact (f->store, ann, &error));
  emile = add_contact (f, "Émile", "Zola", "emile@example.fr");
  bob = add_contact (f, "Bob", "Ray", "bob@example.com");
  cat = add_contact (f, "Cat", "Sun", "cat@example.com");
  dan_id = add_contact (f, "Dan", "Oak", "dan@example.com");

  add (f, list, evil, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_MANUAL);
  add (f, list, reg_contact_get_id (ann), REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_CHECKOUT);
  add (f, list, emile, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_FORM);
  add (f, list, bob, REG_MEMBER_PENDING, REG_MEMBER_CHANGE_FORM);
  add (f, list, cat, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_FORM);
  add (f, list, dan_id, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_FORM);
  add (f, other, bob, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_FORM);

  /* Dan's address was taken out after he joined: nothing to send to. */
  dan = reg_store_get_contact (f->store, dan_id, &error);
  reg_contact_set_email (dan, "");
  g_assert_true (reg_store_save_contact (f->store, dan, &error));
  g_assert_no_error (error);

  g_assert_true (reg_store_list_export_subscribed (f->store, list, path, FALSE, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 3);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpstr (contents, ==, expected);
  g_assert_cmpuint (len, ==, strlen (expected));
  g_clear_pointer (&contents, g_free);

  /* With a byte order mark, for Excel. */
  g_assert_true (reg_store_list_export_subscribed (f->store, list, path, TRUE, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, strlen (expected) + 3);
  g_assert_cmpmem (contents, 3, "\xef\xbb\xbf", 3);
  g_assert_cmpstr (contents + 3, ==, expected);
  g_clear_pointer (&contents, g_free);

  /* An empty list is a header. */
  {
    gint64 empty = add_list (f, "Empty");

    g_assert_true (reg_store_list_export_subscribed (f->store, empty, path, FALSE, &n_written, &error));
    g_assert_cmpuint (n_written, ==, 0);
    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpstr (contents, ==, "Email Address,First Name,Last Name,Tags\r\n");
    g_clear_pointer (&contents, g_free);
  }

  /* A list that is not there leaves the old file as it was. */
  g_assert_false (reg_store_list_export_subscribed (f->store, 999, path, FALSE, NULL, &error));
  g_assert_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpstr (contents, ==, "Email Address,First Name,Last Name,Tags\r\n");
  g_clear_pointer (&contents, g_free);

  /* What we write, Mailchimp's own import reads: and so do we. */
  {
    gint64 copy = add_list (f, "Copy");
    RegListAddResult result;
    g_autoptr(RegImportResult) r = NULL;

    g_assert_true (reg_store_list_export_subscribed (f->store, list, path, TRUE, NULL, &error));
    r = reg_store_list_import_mailchimp (f->store, copy, path, REG_MEMBER_SUBSCRIBED, NULL, NULL, NULL,
                                         &result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (r->added, ==, 0);
    assert_result (result, 3, 0, 0, 0, 0);
  }
}

static void
test_consent_kept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RegContact) ann = NULL;
  gint64 news = add_list (f, "Newsletter");
  gint64 wholesale = add_list (f, "Wholesale");
  gint64 ann_id = add_contact (f, "Ann", "Lee", "ann@example.com");
  gint64 bob_id = add_contact (f, "Bob", "Ray", "bob@example.com");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *generic =
    "Email,First Name,Last Name,City,Newsletter,Tags\n"
    "ann.lee@example.com,Anna,Lee-Berg,Berlin,no,vip\n"
    "bob@example.com,Robert,Ray,Rome,yes,\n"
    "new@example.com,New,Person,Oslo,yes,\n";
  const char *mailchimp_contacts =
    "Email Address,First Name,Last Name,UNSUB_TIME,MEMBER_RATING,LEID\n"
    "bob@example.com,Bobby,Ray,2017-01-02 10:00:00,2,1\n";

  add (f, news, ann_id, REG_MEMBER_SUBSCRIBED, REG_MEMBER_CHANGE_CHECKOUT);
  add (f, wholesale, ann_id, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_FORM);
  g_assert_true (reg_store_list_resubscribe (f->store, wholesale, ann_id, "Asked by phone", &error));
  add (f, news, bob_id, REG_MEMBER_UNSUBSCRIBED, REG_MEMBER_CHANGE_FORM);
  before = dump_members (f);
  g_assert_cmpuint (strlen (before), >, 0);

  /* The owner edits Ann, her address too. */
  ann = reg_store_get_contact (f->store, ann_id, &error);
  reg_contact_set_given_name (ann, "Anna");
  reg_contact_set_city (ann, "Hamburg");
  reg_contact_set_email (ann, "ann.lee@example.com");
  reg_contact_set_consent (ann, REG_CONSENT_NO);
  g_assert_true (reg_store_save_contact (f->store, ann, &error));
  g_assert_no_error (error);

  /* A customers file updates both, overwriting, with "consent" columns. */
  {
    g_autofree char *path = write_file (f, "customers.csv", generic, -1);
    g_autoptr(RegImport) import = reg_import_new (f->store, REG_IMPORT_CONTACTS, path, &error);
    g_autoptr(RegImportResult) result = NULL;

    g_assert_no_error (error);
    reg_import_set_overwrite (import, TRUE);
    result = reg_import_run (import, FALSE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->updated, ==, 2);
    g_assert_cmpuint (result->added, ==, 1);
  }

  /* And Mailchimp's unsubscribed file, imported as customers only. */
  {
    g_autofree char *path = write_file (f, "unsub.csv", mailchimp_contacts, -1);
    g_autoptr(RegImport) import = reg_import_new (f->store, REG_IMPORT_CONTACTS, path, &error);
    g_autoptr(RegImportResult) result = NULL;

    g_assert_no_error (error);
    result = reg_import_run (import, FALSE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  after = dump_members (f);
  g_assert_cmpstr (before, ==, after);

  {
    g_auto(RegListMember) member = { 0, };

    g_assert_cmpint (member_status (f, wholesale, find_email (f, "ann.lee@example.com"), &member), ==,
                     REG_MEMBER_SUBSCRIBED);
    g_assert_cmpstr (member.reason, ==, "Asked by phone");
  }
}

static void
test_summary (void)
{
  RegListAddResult result = { 3, 1, 2, 1, 2 };
  g_autofree char *summary = reg_list_add_result_dup_summary (&result);

  g_assert_cmpstr (summary, ==,
                   "3 added to the list, 1 changed, 2 unchanged.\n"
                   "1 customer has no e-mail address and cannot join.\n"
                   "2 customers unsubscribed or bounced before and stay so; only resubscribing them "
                   "by hand, with a reason, changes that.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/lists/crud", test_crud);
  ADD ("/lists/no-email-cannot-join", test_no_email_cannot_join);
  ADD ("/lists/add-never-resubscribes", test_add_rules);
  ADD ("/lists/resubscribe-needs-a-reason", test_resubscribe);
  ADD ("/lists/set-status-and-remove", test_set_status_and_remove);
  ADD ("/lists/members", test_members_query);
  ADD ("/lists/mailchimp/three-files-both-orders", test_mailchimp_files);
  ADD ("/lists/mailchimp/duplicates", test_mailchimp_duplicates);
  ADD ("/lists/mailchimp/broken-files-change-nothing", test_mailchimp_broken);
  ADD ("/lists/export", test_export);
  ADD ("/lists/consent-kept-across-edits", test_consent_kept);
  g_test_add_func ("/lists/summary", test_summary);

  return g_test_run ();
}
